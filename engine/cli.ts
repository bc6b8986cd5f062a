// Placeholder until the CLI lands (issue: offline engine).
console.error("ksl: not built yet");
process.exit(2);
