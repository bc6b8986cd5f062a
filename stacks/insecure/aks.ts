// Insecure aks resources (filled in by the aks issue).
export {};
