// Pulumi mocks for component tests: every registered resource's inputs are recorded, outputs echo
// the inputs with a believable id, and any unmocked invoke fails the test.
import * as pulumi from "@pulumi/pulumi";

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

export const recorded: Recorded[] = [];

export function installMocks(project = "test", stack = "test"): void {
    recorded.length = 0;
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
                const id = `${args.name}-id`;
                const state: Record<string, any> = { ...args.inputs };
                if (args.type.startsWith("azure-native:")) {
                    state.id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/${args.type}/${args.name}`;
                }
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                throw new Error(`Mock not implemented for invoke ${args.token}`);
            },
        },
        project,
        stack,
        true,
    );
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings = require("@pulumi/pulumi/runtime/settings");

/** Waits until registrations stop producing more registrations (children, applies) in `records`. */
export async function drain(records: readonly unknown[] = recorded): Promise<void> {
    let count = -1;
    while (count !== records.length) {
        count = records.length;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
    }
}

/** Resolves an Output (or plain value) to its value inside a test. */
export function valueOf<T>(o: pulumi.Input<T> | pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

export function byType(type: string): Recorded[] {
    return recorded.filter((r) => r.type === type);
}

export function byName(name: string): Recorded | undefined {
    return recorded.find((r) => r.name === name);
}
