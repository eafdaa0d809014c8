export { problem, problemHeaders, problemStatus, toProblem, PROBLEM_CONTENT_TYPE } from './problem.js';
export type { ProblemDetails } from './problem.js';
