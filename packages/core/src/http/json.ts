/**
 * JSON that keeps 64-bit integer IDs exact.
 *
 * Atomicwork's IDs are int64 and `JSON.parse('9007199254740993')` yields 9007199254740992. Parsing
 * goes through lossless-json whenever the text holds a run of 16+ digits (the only way an integer
 * can exceed 2^53), turning every unsafe integer into its exact decimal string; all other texts
 * take the fast native path. Sending goes the other way: wrap an ID string in `jsonInt()` and it is
 * written as a bare JSON number with exactly those digits.
 */
import { isSafeNumber, LosslessNumber, parse as losslessParse, stringify as losslessStringify } from 'lossless-json';

const LONG_DIGIT_RUN = /\d{16,}/;
const INTEGER = /^-?\d+$/;

function parseNumber(text: string): number | string {
  if (INTEGER.test(text) && !isSafeNumber(text)) return text;
  return Number(text);
}

/** Parses JSON; integers beyond Number.MAX_SAFE_INTEGER come back as exact decimal strings. */
export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  // Same duplicate-key rule as JSON.parse (last wins) and the same __proto__ safety: build plain
  // objects through defineProperty so a "__proto__" key stays data, never a prototype.
  const parsed = losslessParse(text, null, {
    parseNumber,
    onDuplicateKey: ({ newValue }) => newValue,
  });
  return toPlainData(parsed);
}

function toPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlainData);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: toPlainData((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * Marks a decimal ID string to be sent as a JSON number with its exact digits.
 * Throws a TypeError-free RangeError-like `Error` only for non-integers; callers validate first.
 */
export function jsonInt(id: string | number | bigint): LosslessNumber {
  const digits = String(id);
  if (!INTEGER.test(digits)) throw new Error(`Not an integer: ${digits.slice(0, 40)}`);
  return new LosslessNumber(digits);
}

/** Serialises JSON; `jsonInt()` values and bigints are written as bare exact numbers. */
export function stringifyJson(value: unknown): string {
  return losslessStringify(value) ?? 'null';
}

/** True for a decimal integer string that fits int64 (what Atomicwork accepts as an ID). */
export function isInt64String(value: string): boolean {
  if (!/^-?\d{1,19}$/.test(value)) return false;
  const n = BigInt(value);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}
