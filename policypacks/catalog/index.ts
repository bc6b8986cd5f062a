// The measure catalog: the single source of truth for every policy, component default, report
// and document. Measures are declared per layer in ./measures; ranks are derived (significance.ts).
import type { Measure } from "./types";
import { rankMeasures, RankedMeasure } from "./significance";
import { infrastructureMeasures } from "./measures/infrastructure";
import { clusterMeasures } from "./measures/cluster";
import { networkMeasures } from "./measures/network";
import { namespaceMeasures } from "./measures/namespace";
import { workloadMeasures } from "./measures/workload";
import { supply_chainMeasures } from "./measures/supply-chain";
import { dataMeasures } from "./measures/data";
import { observabilityMeasures } from "./measures/observability";

export type { RankedMeasure };

const declared: Measure[] = [
    ...infrastructureMeasures,
    ...clusterMeasures,
    ...networkMeasures,
    ...namespaceMeasures,
    ...workloadMeasures,
    ...supply_chainMeasures,
    ...dataMeasures,
    ...observabilityMeasures,
];

/** Every measure, in significance order (rank 1 first). */
export const measures: readonly RankedMeasure[] = rankMeasures(declared);

const byId = new Map(measures.map((m) => [m.id, m]));

export function getMeasure(id: string): RankedMeasure {
    const m = byId.get(id);
    if (!m) throw new Error(`unknown measure '${id}': add it to policypacks/catalog/measures/`);
    return m;
}

export function hasMeasure(id: string): boolean {
    return byId.has(id);
}
