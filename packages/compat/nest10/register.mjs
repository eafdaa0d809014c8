// `node --import <this file>`: registers hooks.mjs, so the process loads NestJS 10 + Express 4.
// Node 20's hooks cover `import` (ESM), which is how the built example app and the grantkit
// packages' ESM builds load the framework; CommonJS inside NestJS resolves within NestJS 10 itself.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
