// The sample stacks. The stack name selects the example: `aks`, `onprem` or `insecure`
// (stacks/Pulumi.<stack>.yaml holds each one's config).
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
let outputs: Record<string, unknown> = {};
switch (stack) {
    case "aks":
        outputs = require("./aks").outputs ?? {};
        break;
    case "onprem":
        outputs = require("./onprem").outputs ?? {};
        break;
    case "insecure":
        outputs = require("./insecure").outputs ?? {};
        break;
    default:
        throw new Error(`unknown sample stack '${stack}': use aks, onprem or insecure`);
}
module.exports = outputs;
