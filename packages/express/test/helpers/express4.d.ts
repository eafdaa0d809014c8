declare module "express4" { import e from "express"; export default e; }
