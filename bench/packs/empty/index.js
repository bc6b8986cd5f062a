// Baseline for the benchmark: the same SDK and start-up path as the real packs, no policies.
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("empty-pack", { policies: [] });
