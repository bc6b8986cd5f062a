// The library's components. Each area adds its export lines to its entry point: kubernetes.ts
// (any cluster; no Azure SDK) or aks.ts (loads @pulumi/azure-native). This one holds both.
export * from "./kubernetes";
export * from "./aks";
