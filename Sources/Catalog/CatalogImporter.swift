import Foundation
import JSON

/// Turns a StackQL provider documentation page (MDX) into a ``ResourceDefinition``: identity from the Overview table,
/// methods from the Methods table, the identifier from the `SELECT` example, the properties from the "All Properties"
/// `INSERT` example and each method's permissions from its handler's tab in the Permissions section.
///
/// The page is read by ``MDXScanner`` into elements, tables, tabs and fenced blocks, so whitespace, attribute order,
/// tab order and row order do not matter. A page the importer cannot read fully is an error naming the line.
public enum CatalogImporter {
    /// The definition the page describes. `pageName` (the file name) names the page in errors and provenance.
    public static func importPage(_ text: String, pageName: String) throws(CatalogImportError) -> ResourceDefinition {
        let document = try MDXScanner.parse(text, page: pageName)
        let page = PageFacts(document: document, page: pageName)

        let identity = try page.identity()
        let methods = try page.methods()
        let permissions = page.permissionTabs()
        var resourceMethods: [ResourceMethod] = []
        for name in standardMethodOrder {
            guard let row = methods[name], let handler = handlerName(forMethod: name),
                let cloudControl = CloudControlCall.forMethod(name)
            else { continue }
            resourceMethods.append(
                ResourceMethod(
                    name: name, table: row.table, sqlVerb: row.sqlVerb, requiredParams: row.requiredParams,
                    handler: handler, permissions: try permissions.list(for: handler, method: name, line: row.line),
                    cloudControl: cloudControl))
        }
        let properties = page.insertProperties()
        let identifier = try page.identifier(properties: properties, fallbackLine: methods.firstLine)
        let listView = methods["list_resources"].map(\.table).flatMap { $0 == identity.name ? nil : $0 }

        return ResourceDefinition(
            id: identity.id, provider: identity.provider, service: identity.service, name: identity.name,
            listView: listView, cloudFormationType: identity.cloudFormationType,
            summary: page.summary() ?? identity.overviewDescription, identifier: identifier, properties: properties,
            methods: resourceMethods, fields: try page.fields(properties: properties),
            source: ImportSource(page: pageName, fingerprint: fingerprint(of: text.utf8)))
    }

    /// FNV-1a 64-bit of `bytes` as 16 lowercase hex digits: notices a changed page; not a security hash.
    public static func fingerprint(of bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The facts of one page, each read from its own part of the document.
private struct PageFacts {
    var document: MDXDocument
    var page: String

    func error(_ line: Int, _ message: String) -> CatalogImportError {
        CatalogImportError(page: page, line: line, message: message)
    }

    struct Identity {
        var id: String
        var provider: String
        var service: String
        var name: String
        var cloudFormationType: String
        var overviewDescription: String
    }

    /// From the Overview table: the `Id` row (`awscc.imagebuilder.images`) and the CloudFormation type in the
    /// `Description` row (`Resource schema for AWS::ImageBuilder::Image`).
    func identity() throws(CatalogImportError) -> Identity {
        let tables =
            DocTable.all(in: document.section(containing: "overview")?.nodes ?? []) + DocTable.all(in: document.nodes)
        guard let overview = tables.first(where: { $0.value(for: "Id") != nil }), let idCell = overview.value(for: "Id")
        else { throw error(1, "the page has no Overview table with an 'Id' row") }
        let parts = idCell.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw error(idCell.line, "the Overview's Id '\(idCell.text)' is not of the form provider.service.resource")
        }
        guard let description = overview.value(for: "Description") else {
            throw error(overview.line, "the Overview table has no 'Description' row naming the CloudFormation type")
        }
        let type = description.text.split(separator: " ").lazy
            .map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()'\""))) }
            .first { word in
                let pieces = word.components(separatedBy: "::")
                return pieces.count == 3 && pieces.allSatisfy { !$0.isEmpty }
            }
        guard let type else {
            throw error(
                description.line,
                "the Overview's Description '\(description.text)' names no CloudFormation type (Provider::Service::Resource)"
            )
        }
        return Identity(
            id: idCell.text, provider: parts[0], service: parts[1], name: parts[2], cloudFormationType: type,
            overviewDescription: description.text)
    }

    struct MethodRow {
        var table: String
        var sqlVerb: String
        var requiredParams: [String]
        var line: Int
    }

    struct MethodRows {
        var rows: [String: MethodRow]
        var firstLine: Int

        subscript(name: String) -> MethodRow? { rows[name] }
    }

    /// From the Methods table (the one with an "Accessible by" column): each method's table, verb and params.
    func methods() throws(CatalogImportError) -> MethodRows {
        guard let table = DocTable.all(in: document.nodes).first(where: { $0.column("Accessible by") != nil }) else {
            throw error(
                document.section(containing: "methods")?.line ?? 1,
                "the page has no Methods table (a table with an 'Accessible by' column)")
        }
        var columns: [Int] = []
        for title in ["Name", "Resource", "Accessible by", "Required Params"] {
            guard let column = table.column(title) else {
                throw error(table.line, "the Methods table has no '\(title)' column")
            }
            columns.append(column)
        }
        var rows: [String: MethodRow] = [:]
        for row in table.body {
            guard let widest = columns.max(), row.cells.count > widest else {
                throw error(
                    row.line, "a Methods table row has \(row.cells.count) cells, the header has \(columns.count)")
            }
            let cells = columns.map { row.cells[$0].text }
            let name = cells[0]
            guard standardMethodOrder.contains(name) else {
                throw error(
                    row.line,
                    "unknown method '\(name)' in the Methods table (expected one of \(standardMethodOrder.joined(separator: ", ")))"
                )
            }
            guard rows[name] == nil else {
                throw error(row.line, "method '\(name)' is listed twice in the Methods table")
            }
            guard !cells[1].isEmpty, !cells[2].isEmpty else {
                throw error(row.line, "method '\(name)' has no table or no SQL verb in the Methods table")
            }
            let params = cells[3].split(separator: ",").map { $0.collapsingWhitespace }.filter { !$0.isEmpty }
            rows[name] = MethodRow(
                table: cells[1], sqlVerb: cells[2].uppercased(), requiredParams: params, line: row.line)
        }
        guard !rows.isEmpty else { throw error(table.line, "the Methods table lists no methods") }
        return MethodRows(rows: rows, firstLine: table.line)
    }

    struct PermissionTabs {
        var page: PageFacts
        /// The Permissions section's line, or nil when the page has none.
        var sectionLine: Int?
        var tabs: [String: MDXElement]

        /// The handler's permissions in page order; every entry must read `service:Action`.
        func list(for handler: String, method: String, line: Int) throws(CatalogImportError) -> [String] {
            guard sectionLine != nil else {
                throw page.error(
                    line,
                    "method '\(method)' needs a '\(handler)' permissions tab, but the page has no Permissions section")
            }
            guard let tab = tabs[handler] else {
                throw page.error(line, "method '\(method)' has no '\(handler)' tab in the Permissions section")
            }
            guard let fence = tab.firstFence else {
                throw page.error(tab.line, "the '\(handler)' permissions tab has no code block listing the permissions")
            }
            var permissions: [String] = []
            for (offset, text) in fence.body.enumerated() {
                for entry in text.split(separator: ",") {
                    let name = entry.filter { !"\"[]".contains($0) }.collapsingWhitespace
                    if name.isEmpty { continue }
                    guard Self.isPermissionName(name) else {
                        throw page.error(
                            fence.line + 1 + offset,
                            "malformed permission '\(name)' in the '\(handler)' tab (expected service:Action)")
                    }
                    permissions.append(name)
                }
            }
            return permissions
        }

        /// `service:Action`: a service prefix of letters, digits and hyphens, an action of letters, digits and the
        /// wildcards `*` and `?`.
        static func isPermissionName(_ name: String) -> Bool {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
            return parts[0].allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
                && parts[1].allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "*" || $0 == "?" }
        }
    }

    /// The `<TabItem value="read|create|…">` blocks of the Permissions section, by value (the first of a value wins).
    func permissionTabs() -> PermissionTabs {
        guard let section = document.section(containing: "permissions") else {
            return PermissionTabs(page: self, sectionLine: nil, tabs: [:])
        }
        var tabs: [String: MDXElement] = [:]
        for tab in section.elements(named: "TabItem") {
            guard let value = tab.attributes["value"]?.lowercased(), tabs[value] == nil else { continue }
            tabs[value] = tab
        }
        return PermissionTabs(page: self, sectionLine: section.line, tabs: tabs)
    }

    /// The columns of the "All Properties" `INSERT` example (else of any `INSERT` example), without `region`;
    /// empty when the page has none.
    func insertProperties() -> [String] {
        guard let section = document.section(containing: "insert") else { return [] }
        let allTab = section.elements(named: "TabItem").first { $0.attributes["value"]?.lowercased() == "all" }
        let candidates = (allTab.map { MDXNode.fences(in: $0.children) } ?? []) + section.fences
        for fence in candidates {
            if let columns = SQLExampleText.insertColumns(in: fence) {
                return columns.filter { $0.lowercased() != "region" }
            }
        }
        return []
    }

    /// The top-level fields of the "get" tab's `<SchemaTable fields={[…]} />` (else the first SchemaTable's), each
    /// with its property: the insertable property of that name ignoring case and underscores, else the PascalCase
    /// spelling of the column (read-only properties such as `arn` → `Arn`). A page without a SchemaTable has none.
    func fields(properties: [String]) throws(CatalogImportError) -> [ResourceField] {
        let tables = MDXNode.elements(named: "SchemaTable", in: document.nodes)
        let getTab = MDXNode.elements(named: "TabItem", in: document.nodes).first {
            $0.attributes["value"]?.lowercased() == "get"
        }
        guard let table = getTab?.descendants(named: "SchemaTable").first ?? tables.first else { return [] }
        guard let expression = table.expressions["fields"] else {
            throw error(table.line, "the SchemaTable has no fields={[…]} attribute")
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(Array(expression.utf8))
        } catch {
            throw self.error(
                table.line + error.location.line - 1, "the SchemaTable's fields are not JSON: \(error.message)")
        }
        guard let entries = root.arrayValue else {
            throw error(table.line, "the SchemaTable's fields are not a list")
        }
        var fields: [ResourceField] = []
        for entry in entries {
            let members = entry.objectValue ?? []
            guard let name = members.first(where: { $0.key == "name" })?.value.stringValue,
                let type = members.first(where: { $0.key == "type" })?.value.stringValue
            else {
                throw error(table.line + entry.location.line - 1, "a SchemaTable field has no name or type")
            }
            fields.append(
                ResourceField(column: name, property: Self.propertyName(name, properties: properties), type: type))
        }
        return fields
    }

    /// The property behind `Identifier = '…'` in the `SELECT` example (else in any example): `<Arn>` reads as `Arn`,
    /// `{{ kms_key_id }}` as the property it names (`KmsKeyId`); a composite `'{{ a }}|{{ b }}'` as `A|B`.
    func identifier(properties: [String], fallbackLine: Int) throws(CatalogImportError) -> String {
        let fences = (document.section(containing: "select")?.fences ?? []) + MDXNode.fences(in: document.nodes)
        guard let found = fences.lazy.compactMap(SQLExampleText.identifierPlaceholder).first else {
            throw error(fallbackLine, "no SQL example names the identifier (Identifier = '<…>')")
        }
        var names: [String] = []
        for part in found.value.split(separator: "|") {
            var text = part.collapsingWhitespace
            if text.hasPrefix("<") && text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
            if text.hasPrefix("{{") && text.hasSuffix("}}") { text = String(text.dropFirst(2).dropLast(2)) }
            text = text.collapsingWhitespace
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw error(found.line, "the identifier placeholder '\(found.value)' does not name a property")
            }
            names.append(Self.propertyName(text, properties: properties))
        }
        guard !names.isEmpty else {
            throw error(found.line, "the identifier placeholder '\(found.value)' does not name a property")
        }
        return names.joined(separator: "|")
    }

    /// `kms_key_id` → the property whose name matches ignoring case and underscores, else `KmsKeyId`.
    static func propertyName(_ text: String, properties: [String]) -> String {
        let key = text.lowercased().filter { $0 != "_" }
        if let property = properties.first(where: { $0.lowercased().filter { $0 != "_" } == key }) { return property }
        return text.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The page's first paragraph of prose before any heading (imports skipped), whitespace collapsed.
    func summary() -> String? {
        let text = MDXNode.plainText(of: document.preamble)
        var paragraphs: [[Substring]] = [[]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                paragraphs.append([])
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        let prose = paragraphs.first { lines in
            !lines.isEmpty && !lines.allSatisfy { $0.hasPrefix("import ") || $0.hasPrefix("export ") }
        }
        return prose.map { $0.joined(separator: " ").collapsingWhitespace }
    }
}
