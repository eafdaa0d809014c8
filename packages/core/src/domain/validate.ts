import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';

/** zod issues -> our issues: every failing field, dot-joined path, its message. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of error.issues) {
    // A union failure carries the issues of every branch; report the branch that got furthest.
    const nested = (issue as { errors?: z.core.$ZodIssue[][] }).errors;
    if (issue.code === 'invalid_union' && nested?.length) {
      const best = [...nested].sort((a, b) => depth(b) - depth(a))[0] ?? [];
      for (const inner of best) out.push({ path: [...issue.path, ...inner.path].map(String).join('.'), message: inner.message });
      continue;
    }
    out.push({ path: issue.path.map(String).join('.'), message: issue.message });
  }
  return out;
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length)) - issues.length / 100;
}

/** Parses with a zod schema; failure is a ValidationError that names every failing field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toIssues(result.error);
  const summary = issues.slice(0, 5).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  throw new ValidationError(`Invalid ${what}: ${summary}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}.`, issues);
}
