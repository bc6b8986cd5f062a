// A deliberately insecure example: what the packs must block. Each area adds its own part.
import "./kubernetes";
import "./aks";
import "./onprem";
import "./workloads";

export const outputs = {};
