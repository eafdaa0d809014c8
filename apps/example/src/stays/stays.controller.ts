/**
 * The door-access helper over HTTP: a guest's door access for a stay. The controller only
 * translates; validation, idempotency (by reservationKey) and the Grantkit records live in
 * @grantkit/seam. Errors are typed GrantkitErrors, answered as problem+json by the app's filter.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DoorAccess, NotFoundError, ValidationError, type GrantStayInput, type Stay } from '@grantkit/seam';

/** Longest `waitMs` a request may ask for: the answer should come well before an HTTP client gives up. */
const MAX_WAIT_MS = 30_000;

@Controller('api/stays')
export class StaysController {
  constructor(private readonly doors: DoorAccess) {}

  /**
   * Body: `{ guest, spaces | entrances | devices, startsAt, endsAt, methods, reservationKey, name? }`.
   * `?waitMs=5000` waits until the lock has issued the methods (the PIN is in `codes`).
   * 201 for a new stay, 200 when the reservation already had one (a retried booking).
   */
  @Post()
  async create(@Body() body: unknown, @Query('waitMs') waitMs: string | undefined, @Res({ passthrough: true }) res: Response): Promise<Stay> {
    const timeoutMs = parseWait(waitMs);
    // Unchecked JSON as the input type: grantStay validates it at run time. No body is the same 400 as
    // for POST /api/grants ("(root): expected object").
    const stay = await this.doors.grantStay(body as GrantStayInput, timeoutMs === undefined ? {} : { waitForIssued: { timeoutMs, intervalMs: 100 } });
    res.status(stay.outcome === 'created' ? 201 : 200);
    return stay;
  }

  /** The stay now (read live from Seam): status, codes once issued, warnings. Id: Seam's, `gr_...`, or the reservation key. */
  @Get(':id')
  get(@Param('id') id: string): Promise<Stay> {
    return this.doors.getStay(id);
  }

  /** `{ endsAt }` extends or shortens the stay; `{ startsAt, endsAt }` moves it. */
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown): Promise<Stay> {
    const change = (body && typeof body === 'object' ? body : {}) as { startsAt?: string; endsAt: string };
    return change.startsAt === undefined ? this.doors.extendStay(id, change) : this.doors.moveStay(id, { startsAt: change.startsAt, endsAt: change.endsAt });
  }

  /** Ends the stay: the doors stop opening. Ending it again answers `already_ended`. */
  @Delete(':id')
  @HttpCode(200)
  async end(@Param('id') id: string) {
    const result = await this.doors.endStay(id);
    // Ended earlier is a success; an id that never was a stay is not.
    if (result.id === null) throw new NotFoundError(`No stay "${id.slice(0, 100)}".`);
    return result;
  }
}

function parseWait(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_WAIT_MS) {
    throw new ValidationError(`waitMs must be a whole number of milliseconds from 1 to ${MAX_WAIT_MS}.`, [
      { path: 'waitMs', message: `must be from 1 to ${MAX_WAIT_MS}` },
    ]);
  }
  return n;
}
