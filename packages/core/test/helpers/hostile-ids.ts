/**
 * Ids that must never change a request's route: dot segments (plain, percent-encoded, mixed),
 * separators and their escapes, query and fragment markers, blanks, look-alike Unicode dots,
 * slashes and digits, control characters, and overlong values.
 */
export const HOSTILE_IDS: readonly string[] = [
  '.',
  '..',
  '...',
  '%2e',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '../x',
  '../../users',
  '1/..',
  '1/../2',
  '..;',
  'a/b',
  '/',
  '//',
  '%2F',
  '%2f',
  'a%2Fb',
  '%252e%252e',
  'a\\b',
  '%5C',
  'a?b',
  '?',
  'a#b',
  '#',
  '',
  ' ',
  ' 1',
  '1 ',
  '1\t',
  '1\n',
  '1\r\n2',
  '1\u0000',
  '\u2024\u2024', // one dot leader, twice
  '\uFF0E\uFF0E', // fullwidth full stop
  '\u3002', // ideographic full stop
  '\u2215', // division slash
  '\uFF0F', // fullwidth solidus
  '\uFF11\uFF12\uFF13', // fullwidth digits 123
  '\u0661\u0662', // Arabic-Indic digits
  '1'.repeat(201),
];
