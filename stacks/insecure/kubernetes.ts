// Insecure kubernetes resources (filled in by the kubernetes issue).
export {};
