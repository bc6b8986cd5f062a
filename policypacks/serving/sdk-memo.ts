// Start-up side effect of every pack: the SDK (@pulumi/policy 1.21) deserialises a resource's
// properties once per policy, so a pack of 100 policies decodes each resource 100 times and each
// stack policy decodes the whole stack again. Decoding is pure, so we decode each request's
// properties once and share the result, and its unknown-checking proxy with it.
// Policies never mutate props (they clone before remediating; the test harness deep-freezes props
// to enforce that). Remediation (proxySecrets=true) keeps the SDK's own, mutable decoding.
// If the SDK's internals ever change shape, this is a no-op and the SDK behaves as shipped.

// eslint-disable-next-line @typescript-eslint/no-var-requires
const deserialize = require("@pulumi/policy/deserialize");

type Deserialize = ((struct: unknown, proxySecrets: boolean) => unknown) & { __kslMemo?: boolean };

const original: Deserialize | undefined = deserialize?.deserializeProperties;
if (typeof original === "function" && !original.__kslMemo) {
    const cache = new WeakMap<object, unknown>();
    const memo: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets || typeof struct !== "object" || struct === null) return original(struct, proxySecrets);
        let value = cache.get(struct);
        if (value === undefined) {
            value = original(struct, false);
            cache.set(struct, value);
        }
        return value;
    };
    memo.__kslMemo = true;
    deserialize.deserializeProperties = memo;
}

// The SDK also wraps the shared decoding in a fresh unknown-checking proxy for every policy (and,
// in AnalyzeStack, for every resource once per stack policy). The proxy is stateless - it only
// throws on reading an unknown - so one proxy per decoded object serves every policy alike.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxy = require("@pulumi/policy/proxy");
type Wrap = ((props: unknown) => unknown) & { __kslMemo?: boolean };
const wrap: Wrap | undefined = proxy?.unknownCheckingProxy;
if (typeof wrap === "function" && !wrap.__kslMemo) {
    const proxies = new WeakMap<object, unknown>();
    const shared: Wrap = (props) => {
        if (typeof props !== "object" || props === null) return wrap(props);
        let p = proxies.get(props);
        if (p === undefined) proxies.set(props, (p = wrap(props)));
        return p;
    };
    shared.__kslMemo = true;
    proxy.unknownCheckingProxy = shared;
}

export {};
