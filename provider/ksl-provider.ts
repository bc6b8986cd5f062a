// The provider behind the component package. @pulumi/pulumi's component analyzer builds the schema
// from the components' classes and args interfaces (names, types, doc comments); it drops JSDoc
// tags, so the secure default each arg documents (`@default`) and the args that carry key material
// (`@secret`) are added back here from the same doc comments - one source for both the TypeScript
// docs and every other language's SDK.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { main } from "@pulumi/pulumi/provider";
import { HardenedAKSCluster, HardenedNamespace, OnPremNodePool } from "../components";

/** Schema package name: types are `ksl:index:<Component>`, SDKs `pulumi_ksl`, `@pulumi/ksl`-style. */
export const PACKAGE_NAME = "ksl";
export const COMPONENTS = [HardenedAKSCluster, HardenedNamespace, OnPremNodePool];
const COMPONENTS_DIR = path.join(__dirname, "..", "components");

interface ArgTags {
    default?: string;
    secret: boolean;
}

/** From the components' sources: `Interface.property` → its tags, and component class → its args interface. */
export function componentDocTags(dir = COMPONENTS_DIR): { tags: Map<string, ArgTags>; argsOf: Map<string, string> } {
    const tags = new Map<string, ArgTags>();
    const argsOf = new Map<string, string>();
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    for (const f of files) {
        const source = ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), "utf8"), ts.ScriptTarget.Latest, true);
        for (const node of source.statements) {
            if (ts.isInterfaceDeclaration(node)) {
                for (const m of node.members) {
                    if (!ts.isPropertySignature(m) || !ts.isIdentifier(m.name)) continue;
                    const t = ts.getJSDocTags(m);
                    const dflt = t.find((x) => x.tagName.text === "default");
                    tags.set(`${node.name.text}.${m.name.text}`, {
                        default: dflt ? ts.getTextOfJSDocComment(dflt.comment)?.trim() : undefined,
                        secret: t.some((x) => x.tagName.text === "secret"),
                    });
                }
            } else if (ts.isClassDeclaration(node) && node.name) {
                const ctor = node.members.find(ts.isConstructorDeclaration);
                const argType = ctor?.parameters[1]?.type;
                if (argType && ts.isTypeReferenceNode(argType)) argsOf.set(node.name.text, argType.typeName.getText(source));
            }
        }
    }
    return { tags, argsOf };
}

interface SchemaProperty {
    description?: string;
    secret?: boolean;
}

/** Adds each documented default to the property's description and marks secret args. */
export function withDocTags(schema: any, doc = componentDocTags()): any {
    const apply = (iface: string | undefined, props: Record<string, SchemaProperty> | undefined) => {
        for (const [k, p] of Object.entries(props ?? {})) {
            const t = iface ? doc.tags.get(`${iface}.${k}`) : undefined;
            if (t?.default) p.description = `${p.description ?? ""}\n\nDefault: ${t.default}`.trim();
            if (t?.secret) p.secret = true;
        }
    };
    for (const [token, r] of Object.entries<any>(schema.resources ?? {})) apply(doc.argsOf.get(token.split(":")[2]), r.inputProperties);
    for (const [token, t] of Object.entries<any>(schema.types ?? {})) apply(token.split(":")[2], t.properties);
    return schema;
}

export class KslComponentProvider extends ComponentProvider {
    private enriched?: string;

    constructor() {
        super({ components: COMPONENTS, name: PACKAGE_NAME, dirname: __dirname });
    }

    async getSchema(): Promise<string> {
        this.enriched ??= JSON.stringify(withDocTags(JSON.parse(await super.getSchema())));
        return this.enriched;
    }
}

/** Serves the provider over gRPC, as the Pulumi engine expects of a plugin. */
export function serve(): Promise<void> {
    return main(new KslComponentProvider(), process.argv.slice(2));
}
