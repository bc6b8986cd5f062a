// Renderers of the OnPremNodePool configuration (pure; bundled into the on-prem policy pack).
export * from "./spec";
export * from "./documents";
export * from "./toml";
export * from "./containerd";
export * from "./cloud-init";
export * from "./render";
