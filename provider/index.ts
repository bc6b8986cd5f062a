// The component package's entry point: the three components hosted as a Pulumi provider, so
// `pulumi package add` gives Python, Go, C#, Java and YAML programs the same HardenedAKSCluster,
// HardenedNamespace and OnPremNodePool as TypeScript (see ./ksl-provider.ts).
//
// The Node.js language host requires this module and calls the function it exports. It exports no
// component class on purpose: the host would then serve them with the plain analyzer schema,
// without the documented defaults and secret markers.
import { serve } from "./ksl-provider";

export = serve;

if (require.main === module) void serve();
