// Insecure onprem resources (filled in by the onprem issue).
export {};
