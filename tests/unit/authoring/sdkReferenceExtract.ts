import ts from 'typescript';
import type { SdkEntry } from '../../../src/authoring/sdkReference';

/**
 * Reads the authoring API's declaration file with TypeScript's own parser and lists every declared name — module
 * members, then class and interface members and the fields of object types, by qualified name — with its signature
 * (the declaration's text, whitespace collapsed) and the first sentence of its doc comment. What the editor's
 * completion shows is this list (src/authoring/sdkReference.ts); sdkDeclarations.test.ts keeps the two equal.
 */
export function extractSdkReference(declarations: string): SdkEntry[] {
  const file = ts.createSourceFile('sdk.d.ts', declarations, ts.ScriptTarget.ES2022, true);
  const moduleDecl = file.statements.find(ts.isModuleDeclaration);
  const body = moduleDecl?.body;
  if (!body || !ts.isModuleBlock(body)) throw new Error('sdk.d.ts declares no module block.');
  const entries: SdkEntry[] = [];
  const signature = (node: ts.Node) => node.getText(file).replace(/\s+/g, ' ').replace(/^export (declare )?/, '').slice(0, 240);
  const doc = (node: ts.Node) => {
    const comment = (node as { jsDoc?: { comment?: unknown }[] }).jsDoc?.[0]?.comment;
    const text = typeof comment === 'string' ? comment.replace(/\s+/g, ' ').trim() : '';
    const sentence = /^(.*?[.!?])(\s|$)/.exec(text);
    return sentence ? sentence[1]! : text;
  };
  const nameOf = (node: ts.NamedDeclaration) => (node.name ? node.name.getText(file) : 'constructor');

  const visitMembers = (prefix: string, members: ts.NodeArray<ts.TypeElement | ts.ClassElement>) => {
    for (const member of members) {
      if (ts.isIndexSignatureDeclaration(member) || ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Private) continue;
      const name = `${prefix}.${nameOf(member)}`;
      const kind = ts.isMethodSignature(member) || ts.isMethodDeclaration(member) ? 'method' : ts.isConstructorDeclaration(member) ? 'constructor' : 'property';
      // Overloads share a name: the first one's entry stands for them, the others add their signature.
      const existing = entries.find((e) => e.name === name);
      if (existing) {
        existing.signature += ` | ${signature(member)}`;
      } else {
        entries.push({ name, kind, signature: signature(member), doc: doc(member) });
      }
      const type = (member as { type?: ts.TypeNode }).type;
      if (type) visitType(name, type);
    }
  };
  const visitType = (prefix: string, type: ts.TypeNode) => {
    if (ts.isTypeLiteralNode(type)) visitMembers(prefix, type.members);
    if (ts.isFunctionTypeNode(type) || ts.isParenthesizedTypeNode(type)) return;
    if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) for (const t of type.types) visitType(prefix, t);
  };

  for (const statement of body.statements) {
    if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
      const name = statement.name!.text;
      entries.push({ name, kind: ts.isClassDeclaration(statement) ? 'class' : 'interface', signature: signature(statement).split('{')[0]!.trim(), doc: doc(statement) });
      visitMembers(name, statement.members);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      entries.push({ name: statement.name.text, kind: 'type', signature: signature(statement), doc: doc(statement) });
    } else if (ts.isFunctionDeclaration(statement)) {
      entries.push({ name: statement.name!.text, kind: 'function', signature: signature(statement), doc: doc(statement) });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(file);
        entries.push({ name, kind: 'const', signature: `const ${name}`, doc: doc(statement) });
        if (declaration.type) visitType(name, declaration.type);
      }
    }
  }
  return entries;
}

/** The names a file with no import may use as globals: every value the module exports. */
export function valueExports(entries: readonly SdkEntry[]): string[] {
  return entries.filter((e) => !e.name.includes('.') && (e.kind === 'class' || e.kind === 'function' || e.kind === 'const')).map((e) => e.name);
}
