import { strict as assert } from "assert";
import { reconcileConfig } from "../../engine/analyzer/config";
import type { PolicyInfo } from "../../engine/model";

function policy(name: string, level: PolicyInfo["defaultLevel"], properties: Record<string, unknown> = {}): PolicyInfo {
    return {
        name,
        description: "",
        kind: "resource",
        defaultLevel: level,
        enforcementLevel: level,
        severity: "low",
        remediationSteps: "",
        url: "",
        tags: [],
        measure: null,
        layer: null,
        hexad: [],
        configSchema: { properties, required: [] },
    };
}

describe("engine: policy pack config reconciliation", () => {
    const policies = [policy("a", "advisory", { max: { type: "integer", default: 3 } }), policy("b", "mandatory"), policy("c", "disabled")];

    it("starts from each policy's level and schema defaults", () => {
        const r = reconcileConfig(policies, {}, undefined);
        assert.deepEqual(r.get("a"), { enforcementLevel: "advisory", properties: { max: 3 } });
        assert.equal(r.get("c")!.enforcementLevel, "disabled");
    });

    it("applies the pack's initial config, then the user's; 'all' first, named policies override it", () => {
        const r = reconcileConfig(policies, { b: "advisory" }, { all: "mandatory", c: "disabled", a: { enforcementLevel: "remediate", max: 7 } });
        assert.deepEqual(r.get("a"), { enforcementLevel: "remediate", properties: { max: 7 } });
        assert.equal(r.get("b")!.enforcementLevel, "mandatory");
        assert.equal(r.get("c")!.enforcementLevel, "disabled");
    });

    it("ignores policies the pack does not have, so one file serves several packs", () => {
        assert.doesNotThrow(() => reconcileConfig(policies, {}, { "not-in-this-pack": "mandatory" }));
    });

    it("rejects a property that violates the policy's schema, naming file, policy and property", () => {
        assert.throws(() => reconcileConfig(policies, {}, { a: { max: "ten" } }, "cfg.json"), /^UserError: cfg\.json: policy 'a': property 'max' must be integer$/);
    });

    it("rejects an unknown enforcement level", () => {
        assert.throws(() => reconcileConfig(policies, {}, { b: "sometimes" as any }, "cfg.json"), /cfg\.json: policy 'b': unknown enforcement level 'sometimes'/);
    });
});
