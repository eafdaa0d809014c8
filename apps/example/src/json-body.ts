/**
 * The JSON body parser in front of the app's own Nest routes (stays, the Seam webhook): core's
 * `readJsonBody`, the same rules as the grants router, so every /api route agrees on a missing or
 * wrong content type (415), a Content-Encoding (415), a body over the limit (413, read to its end
 * first) and malformed JSON (400). The exact bytes stay on `req.rawBody` for the webhook signature.
 */
import type { NextFunction, Request, Response } from 'express';
import { problemHeaders, readJsonBody, toProblem } from '@grantkit/core';

export function jsonBodies(limit: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    readJsonBody(req, { limit, onBytes: (bytes) => ((req as Request & { rawBody?: Buffer }).rawBody = bytes) }).then(
      (body: unknown) => {
        req.body = body;
        next();
      },
      (error: unknown) => {
        const p = toProblem(error);
        res.status(p.status).set(problemHeaders(p));
        // A body we stopped reading halfway leaves the connection unusable.
        if (p.status === 413) res.set('connection', 'close');
        res.send(JSON.stringify(p));
      },
    );
  };
}
