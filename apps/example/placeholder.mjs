// Stands in for the example app until it exists (issue: "The example app"), so that the README's
// start command works from the first commit and never has to change.
console.log('grantkit example app: not built yet. The NestJS example that wires every package together replaces this placeholder.');
