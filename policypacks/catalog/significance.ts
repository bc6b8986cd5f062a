// Significance: the seeds' rule, made mechanical so that ranks are reproducible and reviewable.
//
//  1. Layer, outermost first. "An insecure container can be intercepted by a secure cluster,
//     but not the other way round": a gap in an outer layer exposes everything inside it.
//  2. Exploitability (5 → 1): how readily an attacker uses the gap - remote and unauthenticated
//     first, gaps that need a prior foothold last.
//  3. Breadth: the number of Parkerian Hexad goals the measure protects, more first.
//  4. Ties keep the catalog's declaration order, which lists the more fundamental control first.
//
// Rank 1 is the most significant. Ranks are unique and contiguous by construction.
// SIGNIFICANCE_RATIONALE below says the same for readers of docs/measures.md and `ksl measures`.
import { LAYERS, Measure, Platform, PlatformEntry } from "./types";
import { resolvePlatforms } from "./platforms";

/** The ranking rule in prose (Markdown), as published in docs/measures.md. */
export const SIGNIFICANCE_RATIONALE = [
    "Measures are ranked by a mechanical rule so that ranks are reproducible and reviewable (rank 1 is the most significant):",
    "",
    "1. **Layer, outermost first**: " + LAYERS.join(", ") + ". \"An insecure container can be intercepted by a secure cluster, but not the other way round\": a gap in an outer layer exposes everything inside it.",
    "2. **Exploitability** (5 to 1): how readily an attacker uses the gap. Remote and unauthenticated first, gaps that need a prior foothold last.",
    "3. **Breadth**: the number of Parkerian Hexad goals (confidentiality, possession/control, integrity, authenticity, availability, utility) the measure protects, more first.",
    "4. **Ties** keep the catalog's declaration order, which lists the more fundamental control first.",
].join("\n");

/** A measure with its rank and an entry for every registered platform. */
export interface RankedMeasure extends Omit<Measure, "platforms"> {
    significance: number;
    platforms: Record<Platform, PlatformEntry>;
}

export function rankMeasures(measures: Measure[]): RankedMeasure[] {
    const order = measures.map((m, i) => ({ m, i }));
    order.sort((a, b) =>
        LAYERS.indexOf(a.m.layer) - LAYERS.indexOf(b.m.layer) ||
        b.m.exploitability - a.m.exploitability ||
        b.m.hexad.length - a.m.hexad.length ||
        a.i - b.i,
    );
    return order.map(({ m }, k) => ({ ...m, significance: k + 1, platforms: resolvePlatforms(m.id, m.platforms) }));
}
