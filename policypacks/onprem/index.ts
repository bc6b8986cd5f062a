// Entry point of the onprem pack. Bundled to dist/index.js by `npm run build` so the pack
// directory is self-contained for `pulumi policy publish` and starts without compiling.
import "../serving/sdk-memo";
import { PolicyPack } from "@pulumi/policy";
import { packPolicies, PACK_NAMES } from "../packs";

new PolicyPack(PACK_NAMES.onprem, { policies: packPolicies("onprem") });
