import Catalog
import Foundation
import Testing

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let pagesDirectory = packageRoot.appendingPathComponent("fixtures/stackql-docs")
private let catalogDirectory = packageRoot.appendingPathComponent("policies/catalog")

/// A fixture folder the tests need is missing or empty.
private struct MissingFixtures: Error, CustomStringConvertible {
    var description: String
}

/// The documentation pages kept as test input, by file name. Throws when the folder cannot be read or holds no page,
/// so the tests that go over the pages fail instead of checking nothing.
private func pageNames() throws -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: pagesDirectory.path)) ?? []
    let pages = names.filter { $0.hasSuffix(".md") }.sorted()
    guard !pages.isEmpty else {
        throw MissingFixtures(description: "no documentation pages (*.md) in \(pagesDirectory.path)")
    }
    return pages
}

private func pageText(_ name: String) throws -> String {
    let data = try Data(contentsOf: pagesDirectory.appendingPathComponent(name))
    return try #require(String(data: data, encoding: .utf8))
}

private func importImages() throws -> ResourceDefinition {
    try CatalogImporter.importPage(
        try pageText("awscc.imagebuilder.images.md"), pageName: "awscc.imagebuilder.images.md")
}

/// The 1-based line of the first line containing `needle` at or after line `from`.
private func lineNumber(of needle: String, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

/// The 1-based line of the last line containing `needle`.
private func lastLineNumber(of needle: String, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.lastIndex { $0.contains(needle) }.map { $0 + 1 }
}

/// The first line where two texts differ, as `line N: 'shipped' vs 'imported'`.
private func firstDifference(_ shipped: String, _ imported: String) -> String? {
    let left = shipped.split(separator: "\n", omittingEmptySubsequences: false)
    let right = imported.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? String(left[index]) : "<end>"
        let b = index < right.count ? String(right[index]) : "<end>"
        if a != b { return "line \(index + 1): '\(a)' vs '\(b)'" }
    }
    return nil
}

@Suite("Catalog importer and catalog files")
struct CatalogImporterTests {}

extension CatalogImporterTests {
    @Suite("Importer: the images page")
    struct ImagesPageTests {
        @Test("identity, identifier, list view and CloudFormation type")
        func identity() throws {
            let images = try importImages()
            #expect(images.id == "awscc.imagebuilder.images")
            #expect(images.provider == "awscc")
            #expect(images.service == "imagebuilder")
            #expect(images.name == "images")
            #expect(images.listView == "images_list_only")
            #expect(images.cloudFormationType == "AWS::ImageBuilder::Image")
            #expect(images.identifier == "Arn")
            #expect(images.summary == "Creates, updates, deletes or gets an image resource or lists images in a region")
            #expect(images.source.page == "awscc.imagebuilder.images.md")
        }

        @Test("properties are the All Properties INSERT columns, in order, without region")
        func properties() throws {
            #expect(
                try importImages().properties == [
                    "ImageScanningConfiguration", "ContainerRecipeArn", "Workflows", "InfrastructureConfigurationArn",
                    "ImageRecipeArn", "DistributionConfigurationArn", "ImageTestsConfiguration",
                    "EnhancedImageMetadataEnabled", "ExecutionRole", "Tags",
                ])
        }

        struct MethodRow: Sendable, CustomTestStringConvertible {
            var name: String
            var table: String
            var verb: String
            var params: [String]
            var handler: String
            var testDescription: String { name }
        }

        @Test("methods come in the standard order")
        func methodOrder() throws {
            #expect(try importImages().methods.map(\.name) == standardMethodOrder)
        }

        @Test(
            "each method's table, verb and required params are the Methods table's",
            arguments: [
                MethodRow(
                    name: "get_resource", table: "images", verb: "SELECT", params: ["Identifier", "region"],
                    handler: "read"),
                MethodRow(
                    name: "list_resources", table: "images_list_only", verb: "SELECT", params: ["region"],
                    handler: "list"),
                MethodRow(
                    name: "create_resource", table: "images", verb: "INSERT", params: ["region"], handler: "create"),
                MethodRow(
                    name: "update_resource", table: "images", verb: "UPDATE",
                    params: ["Identifier", "PatchDocument", "region"],
                    handler: "update"),
                MethodRow(
                    name: "delete_resource", table: "images", verb: "DELETE", params: ["Identifier", "region"],
                    handler: "delete"),
            ])
        func method(_ row: MethodRow) throws {
            let method = try #require(try importImages().method(row.name))
            #expect(method.table == row.table)
            #expect(method.sqlVerb == row.verb)
            #expect(method.requiredParams == row.params)
            #expect(method.handler == row.handler)
        }

        @Test("the create handler's twelve permissions, in page order")
        func createPermissions() throws {
            #expect(
                try importImages().method("create_resource")?.permissions == [
                    "ecr:BatchGetRepositoryScanningConfiguration", "iam:GetRole", "iam:PassRole",
                    "iam:CreateServiceLinkedRole", "imagebuilder:GetImageRecipe",
                    "imagebuilder:GetInfrastructureConfiguration", "imagebuilder:GetDistributionConfiguration",
                    "imagebuilder:GetWorkflow", "imagebuilder:GetImage", "imagebuilder:CreateImage",
                    "imagebuilder:TagResource", "inspector2:BatchGetAccountStatus",
                ])
        }

        @Test("read, list, update and delete permissions")
        func otherPermissions() throws {
            let images = try importImages()
            #expect(images.method("get_resource")?.permissions == ["imagebuilder:GetImage"])
            #expect(
                images.method("list_resources")?.permissions == [
                    "imagebuilder:ListImages", "imagebuilder:ListImageBuildVersions",
                ])
            #expect(
                images.method("update_resource")?.permissions == [
                    "imagebuilder:TagResource", "imagebuilder:UntagResource",
                ])
            #expect(
                images.method("delete_resource")?.permissions == [
                    "imagebuilder:GetImage", "imagebuilder:DeleteImage", "imagebuilder:UntagResource",
                    "imagebuilder:CancelImageCreation",
                ])
        }

        @Test("Cloud Control calls: reads have no follow-up, mutations poll the request status")
        func cloudControl() throws {
            let images = try importImages()
            let calls = images.methods.map { "\($0.cloudControl.action) \($0.cloudControl.followUpActions)" }
            #expect(
                calls == [
                    "cloudformation:GetResource []", "cloudformation:ListResources []",
                    "cloudformation:CreateResource [\"cloudformation:GetResourceRequestStatus\"]",
                    "cloudformation:UpdateResource [\"cloudformation:GetResourceRequestStatus\"]",
                    "cloudformation:DeleteResource [\"cloudformation:GetResourceRequestStatus\"]",
                ])
            #expect(images.method("create_resource")?.cloudControl.operation == "CreateResource")
        }

        @Test("the fingerprint is FNV-1a 64 of the page bytes")
        func fingerprint() throws {
            #expect(CatalogImporter.fingerprint(of: Array("".utf8)) == "cbf29ce484222325")
            #expect(CatalogImporter.fingerprint(of: Array("a".utf8)) == "af63dc4c8601ec8c")
            let text = try pageText("awscc.imagebuilder.images.md")
            #expect(try importImages().source.fingerprint == CatalogImporter.fingerprint(of: text.utf8))
        }
    }
}

extension CatalogImporterTests {
    @Suite("Importer: sibling pages in the newer layout")
    struct SiblingPageTests {
        @Test("components: '{{ arn }}' placeholder, required params of create, read and list permissions")
        func components() throws {
            let page = "awscc.imagebuilder.components.md"
            let components = try CatalogImporter.importPage(try pageText(page), pageName: page)
            #expect(components.identifier == "Arn")
            #expect(components.cloudFormationType == "AWS::ImageBuilder::Component")
            #expect(components.listView == "components_list_only")
            #expect(components.method("create_resource")?.requiredParams == ["Name", "Platform", "Version", "region"])
            #expect(components.method("get_resource")?.permissions == ["imagebuilder:GetComponent", "kms:Decrypt"])
            #expect(components.properties.first == "Name")
            #expect(components.properties.contains("KmsKeyId"))
            #expect(!components.properties.contains("region"))
        }

        @Test("there are eight pages: the seed and its seven siblings")
        func pageCount() throws {
            let pageNames = try pageNames()
            #expect(pageNames.count == 8)
            #expect(pageNames.contains("awscc.imagebuilder.images.md"))
        }
    }
}

extension CatalogImporterTests {
    @Suite("The shipped catalog is what the importer makes from fixtures/stackql-docs")
    struct ShippedCatalogTests {
        @Test("policies/catalog/<id>.json equals encode(import(page))", arguments: try pageNames())
        func shippedFileMatches(_ page: String) throws {
            let definition = try CatalogImporter.importPage(try pageText(page), pageName: page)
            let shipped = try Data(contentsOf: catalogDirectory.appendingPathComponent(definition.id + ".json"))
            let expected = Catalog.encode(definition)
            let difference = firstDifference(
                String(decoding: shipped, as: UTF8.self), String(decoding: expected, as: UTF8.self))
            let identical = Array(shipped) == expected
            #expect(
                identical,
                """
                policies/catalog/\(definition.id).json is stale (\(difference ?? "bytes differ")); \
                run: iamgate catalog import fixtures/stackql-docs/*.md
                """
            )
        }

        @Test("every catalog file comes from a page, and every page has a catalog file")
        func noStrayFiles() throws {
            let catalog = try Catalog.load(directory: catalogDirectory)
            var imported: [String] = []
            for page in try pageNames() {
                imported.append(try CatalogImporter.importPage(try pageText(page), pageName: page).id)
            }
            #expect(catalog.resources.map(\.id) == imported.sorted())
        }

        @Test("the get tab's SchemaTable gives each top-level field its column, property and JSON type")
        func fields() throws {
            let fields = try importImages().fields
            #expect(fields.count == 15)
            #expect(
                fields.first
                    == ResourceField(
                        column: "image_scanning_configuration", property: "ImageScanningConfiguration", type: "object"))
            let byColumn = Dictionary(uniqueKeysWithValues: fields.map { ($0.column, $0) })
            #expect(byColumn["enhanced_image_metadata_enabled"]?.type == "boolean")
            #expect(byColumn["workflows"]?.type == "array")
            #expect(byColumn["tags"]?.type == "object")
            // A read-only property, not in the INSERT example, spelled in PascalCase from its column.
            #expect(byColumn["arn"]?.property == "Arn")
            #expect(byColumn["image_id"]?.property == "ImageId")
        }

        @Test("the file format: sorted keys, two-space indent, unescaped slashes, trailing newline")
        func fileFormat() throws {
            let text = String(decoding: Catalog.encode(try importImages()), as: UTF8.self)
            #expect(
                text.hasPrefix("{\n  \"cloudFormationType\": \"AWS::ImageBuilder::Image\",\n  \"fields\": [\n    {\n"))
            #expect(text.contains("\n  ],\n  \"id\": \"awscc.imagebuilder.images\",\n"))
            #expect(text.hasSuffix("}\n"))
            #expect(!text.contains("\\/"))
            #expect(!text.contains("\n\n"))
        }

        @Test("the encoding has the same keys and values as the Codable form")
        func matchesCodable() throws {
            let images = try importImages()
            let mine = try JSONSerialization.jsonObject(with: Data(Catalog.encode(images))) as? NSDictionary
            let codable = try JSONSerialization.jsonObject(with: JSONEncoder().encode(images)) as? NSDictionary
            #expect(mine != nil)
            #expect(mine == codable)
        }

        @Test("write then load gives back the same definitions")
        func roundTrip() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "catalog-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let original = try Catalog.load(directory: catalogDirectory)
            try original.write(to: directory)
            #expect(try Catalog.load(directory: directory).resources == original.resources)
        }
    }
}

extension CatalogImporterTests {
    @Suite("Importer: tolerance of layout")
    struct ImporterToleranceTests {
        /// The images definition with the fingerprint blanked, so layout variants can be compared.
        private func normalized(_ text: String) throws -> ResourceDefinition {
            var definition = try CatalogImporter.importPage(text, pageName: "awscc.imagebuilder.images.md")
            definition.source.fingerprint = ""
            return definition
        }

        @Test("CRLF line endings")
        func crlf() throws {
            let text = try pageText("awscc.imagebuilder.images.md")
            #expect(try normalized(text.replacingOccurrences(of: "\n", with: "\r\n")) == normalized(text))
        }

        @Test("re-indented tables and fences, reordered tabs, one-line permission lists, extra attributes")
        func reshuffled() throws {
            let text = try pageText("awscc.imagebuilder.images.md")
            var variant = text.replacingOccurrences(of: "  <tr>\n", with: "<tr   >\n      ")
                .replacingOccurrences(of: "<td>", with: "<td class=\"c\" >\n")
                .replacingOccurrences(
                    of: "imagebuilder:ListImages,\nimagebuilder:ListImageBuildVersions",
                    with: "imagebuilder:ListImages ,  imagebuilder:ListImageBuildVersions"
                )
                .replacingOccurrences(
                    of: "```json\nimagebuilder:ListImages ,  imagebuilder:ListImageBuildVersions\n```",
                    with: "    ```json\nimagebuilder:ListImages ,  imagebuilder:ListImageBuildVersions\n\t```"
                )
                .replacingOccurrences(
                    of: "<TabItem value=\"read\">", with: "<TabItem\n  label={'a}b'}\n  value='read'\n>")
            // Move the read tab after the delete tab.
            let readStart = try #require(variant.range(of: "<TabItem\n  label"))
            let readEnd = try #require(variant.range(of: "</TabItem>", range: readStart.upperBound..<variant.endIndex))
            let readTab = String(variant[readStart.lowerBound..<readEnd.upperBound])
            variant.removeSubrange(readStart.lowerBound..<readEnd.upperBound)
            let lastTabEnd = try #require(variant.range(of: "</TabItem>", options: .backwards))
            variant.insert(contentsOf: "\n" + readTab, at: lastTabEnd.upperBound)
            #expect(variant != text)
            #expect(try normalized(variant) == normalized(text))
        }

        @Test("a JSON-array style permission list reads the same")
        func jsonArrayPermissions() throws {
            let text = try pageText("awscc.imagebuilder.images.md")
            let variant = text.replacingOccurrences(
                of: "imagebuilder:TagResource,\nimagebuilder:UntagResource\n",
                with: "[\"imagebuilder:TagResource\", \"imagebuilder:UntagResource\"]\n")
            #expect(variant != text)
            #expect(
                try normalized(variant).method("update_resource")?.permissions == [
                    "imagebuilder:TagResource", "imagebuilder:UntagResource",
                ])
        }
    }
}

/// A broken page: how to break the seed page, and the line and words the error must have.
struct BrokenPage: Sendable, CustomTestStringConvertible {
    var label: String
    var text: @Sendable (String) -> String
    /// The expected line, found in the broken text.
    var line: @Sendable (String) -> Int?
    var fragment: String
    var testDescription: String { label }

    static func cut(_ text: String, from start: String, to end: String) -> String {
        guard let lower = text.range(of: start),
            let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return text }
        return text.replacingCharacters(in: lower.lowerBound..<upper.upperBound, with: "")
    }

    static let all: [BrokenPage] = [
        BrokenPage(
            label: "no Methods table",
            text: { cut($0, from: "<table>\n<tbody>\n  <tr>\n    <th>Name", to: "</table>") },
            line: { lineNumber(of: "## Methods", in: $0) }, fragment: "the page has no Methods table"),
        BrokenPage(
            label: "a method without its permissions tab",
            text: { text in
                let permissions = text.range(of: "## Permissions").map { String(text[$0.lowerBound...]) } ?? ""
                let head = text.replacingOccurrences(of: permissions, with: "")
                return head + cut(permissions, from: "<TabItem value=\"list\">", to: "</TabItem>")
            },
            line: { lineNumber(of: "<td><CopyableCode code=\"list_resources\" /></td>", in: $0).map { $0 - 1 } },
            fragment: "method 'list_resources' has no 'list' tab in the Permissions section"),
        BrokenPage(
            label: "no Permissions section",
            text: { text in text.range(of: "## Permissions").map { String(text[..<$0.lowerBound]) } ?? text },
            line: { lineNumber(of: "<td><CopyableCode code=\"get_resource\" /></td>", in: $0).map { $0 - 1 } },
            fragment: "method 'get_resource' needs a 'read' permissions tab, but the page has no Permissions section"),
        BrokenPage(
            label: "unknown method name",
            text: { $0.replacingOccurrences(of: "code=\"get_resource\"", with: "code=\"fetch_resource\"") },
            line: { lineNumber(of: "code=\"fetch_resource\"", in: $0).map { $0 - 1 } },
            fragment: "unknown method 'fetch_resource' in the Methods table (expected one of get_resource"),
        BrokenPage(
            label: "malformed permission name",
            text: {
                $0.replacingOccurrences(
                    of: "```json\nimagebuilder:GetImage\n```", with: "```json\nimagebuilder GetImage\n```")
            },
            line: { lineNumber(of: "imagebuilder GetImage", in: $0) },
            fragment: "malformed permission 'imagebuilder GetImage' in the 'read' tab (expected service:Action)"),
        BrokenPage(
            label: "garbage", text: { _ in "%%% not a page <<< >>> {{ }\n" }, line: { _ in 1 },
            fragment: "the expression '{' opened here is never closed"),
        BrokenPage(
            label: "plain prose", text: { _ in "# Hello\n\nJust words, no tables.\n" }, line: { _ in 1 },
            fragment: "the page has no Overview table with an 'Id' row"),
        BrokenPage(
            label: "empty page", text: { _ in "" }, line: { _ in 1 },
            fragment: "the page has no Overview table with an 'Id' row"),
        BrokenPage(
            label: "unclosed code block",
            text: { $0 + "\n```sql\nSELECT 1;\n" }, line: { lastLineNumber(of: "```sql", in: $0) },
            fragment: "the code block opened here with '```' is never closed"),
        BrokenPage(
            label: "Overview without a CloudFormation type",
            text: {
                $0.replacingOccurrences(of: "Resource schema for AWS::ImageBuilder::Image", with: "Resource schema")
            },
            line: { lineNumber(of: "<td>Resource schema</td>", in: $0) },
            fragment: "names no CloudFormation type"),
    ]
}

extension CatalogImporterTests {
    @Suite("Importer: broken pages are one sentence with the line")
    struct BrokenPageTests {
        @Test("error", arguments: BrokenPage.all)
        func error(_ broken: BrokenPage) throws {
            let original = try pageText("awscc.imagebuilder.images.md")
            let text = broken.text(original)
            #expect(text != original)
            let expectedLine = try #require(broken.line(text))
            let error = try #require(throws: CatalogImportError.self) {
                try CatalogImporter.importPage(text, pageName: "broken.md")
            }
            #expect(error.page == "broken.md")
            #expect(error.line == expectedLine)
            #expect(error.message.contains(broken.fragment), "\(error)")
            #expect(error.description.hasPrefix("page 'broken.md' line \(expectedLine): "))
            #expect(!error.description.contains("\n"))
        }

        /// Issue 14: a page of 60,000 nested elements crashed `catalog import` (the tree's walks recursed once per
        /// level), and closing tags scanned every open element. Nesting is bounded: past 256 levels the page is one
        /// sentence with the line, and a run of unmatched closing tags scans at most that many.
        @Test("elements nested past 256 levels are refused with the line, never a crash")
        func deepNesting() throws {
            let deep = "## Overview\n" + String(repeating: "<a>", count: 60_000)
            let error = try #require(throws: CatalogImportError.self) {
                try CatalogImporter.importPage(deep, pageName: "deep.md")
            }
            #expect(error.line == 2)
            #expect(error.message.contains("elements nest more than 256 levels deep here ('<a>')"))
            let unmatched = String(repeating: "<a>", count: 10_000) + String(repeating: "</b>", count: 10_000)
            #expect(throws: CatalogImportError.self) {
                try CatalogImporter.importPage("## Overview\n" + unmatched, pageName: "unmatched.md")
            }
            // 256 levels are still a page (it then lacks what the catalog needs, which is another error).
            let shallow = "## Overview\n" + String(repeating: "<a>", count: 256) + String(repeating: "</a>", count: 256)
            let other = try #require(throws: CatalogImportError.self) {
                try CatalogImporter.importPage(shallow, pageName: "shallow.md")
            }
            #expect(!other.message.contains("nest"))
        }
    }
}

extension CatalogImporterTests {
    @Suite("Catalog: loading and lookups")
    struct CatalogLookupTests {
        @Test("a resource by id, case-insensitively")
        func byID() throws {
            let catalog = try Catalog.load(directory: catalogDirectory)
            #expect(catalog.resource(id: "AWSCC.ImageBuilder.Images")?.id == "awscc.imagebuilder.images")
            #expect(catalog.resource(id: "awscc.imagebuilder.image") == nil)
        }

        @Test("the main table reaches get, create, update and delete")
        func mainTable() throws {
            let table = try #require(
                try Catalog.load(directory: catalogDirectory).resource(table: "awscc.imagebuilder.images"))
            #expect(table.resource.id == "awscc.imagebuilder.images")
            #expect(!table.isListView)
            #expect(table.name == "awscc.imagebuilder.images")
            #expect(
                table.methods.map(\.name) == ["get_resource", "create_resource", "update_resource", "delete_resource"])
        }

        @Test("the list view reaches list_resources only")
        func listView() throws {
            let catalog = try Catalog.load(directory: catalogDirectory)
            let table = try #require(catalog.resource(table: "AWSCC.imagebuilder.images_list_only"))
            #expect(table.resource.id == "awscc.imagebuilder.images")
            #expect(table.isListView)
            #expect(table.methods.map(\.name) == ["list_resources"])
            #expect(
                catalog.resource(table: "awscc.imagebuilder.workflows_list_only")?.resource.id
                    == "awscc.imagebuilder.workflows")
            #expect(catalog.resource(table: "images") == nil)
            #expect(catalog.resource(table: "awscc.imagebuilder.nope") == nil)
        }

        @Test("the built-in catalog is policies/catalog, resource for resource")
        func bundledIsTheShippedCatalog() throws {
            let shipped = try Catalog.load(directory: packageRoot.appendingPathComponent("policies/catalog"))
            let bundled = try Catalog.bundled()
            #expect(bundled.resources.count == 8)
            #expect(bundled.resources == shipped.resources)
            #expect(bundled.resource(id: "awscc.imagebuilder.images") != nil)
        }

        @Test("the standard catalog: $IAMGATE_CATALOG_DIR when set, else the built-in one; never the working directory")
        func standardCatalog() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("standard-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let bundled = try Catalog.bundled()
            // A directory holding only the images resource stands in for the whole catalog.
            let images = try #require(bundled.resource(id: "awscc.imagebuilder.images"))
            try Catalog(resources: [images]).write(to: root)
            let overridden = try Catalog.standard(environment: ["IAMGATE_CATALOG_DIR": root.path])
            #expect(overridden.resources.map(\.id) == ["awscc.imagebuilder.images"])
            #expect(Catalog.overrideDirectory(environment: ["IAMGATE_CATALOG_DIR": root.path])?.path == root.path)
            #expect(try Catalog.standard(environment: [:]).resources == bundled.resources)
            #expect(try Catalog.standard(environment: ["IAMGATE_CATALOG_DIR": ""]).resources == bundled.resources)
            #expect(Catalog.overrideDirectory(environment: ["IAMGATE_CATALOG_DIR": ""]) == nil)
            #expect(throws: CatalogLoadError.self) {
                try Catalog.standard(environment: ["IAMGATE_CATALOG_DIR": root.appendingPathComponent("missing").path])
            }
        }

        struct BadCatalog: Sendable, CustomTestStringConvertible {
            var label: String
            var file: String
            var contents: String
            var fragment: String
            var testDescription: String { label }
        }

        @Test(
            "a bad catalog file is one sentence naming the file",
            arguments: [
                BadCatalog(
                    label: "invalid JSON", file: "awscc.x.y.json", contents: "{\n  \"id\": ",
                    fragment: "line 2:9: unexpected end of input"),
                BadCatalog(
                    label: "not an object", file: "awscc.x.y.json", contents: "[]",
                    fragment: "line 1:1: 'the definition' must be an object, not an array"),
                BadCatalog(
                    label: "unknown key", file: "awscc.x.y.json", contents: "{\n  \"idd\": \"awscc.x.y\"\n}",
                    fragment: "line 2:3: unknown key 'idd'"),
                BadCatalog(
                    label: "missing key", file: "awscc.x.y.json", contents: "{\"id\": \"awscc.x.y\"}",
                    fragment: "line 1:1: missing key 'source'"),
            ])
        func badFile(_ bad: BadCatalog) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = directory.appendingPathComponent(bad.file)
            try Data(bad.contents.utf8).write(to: url)
            let error = try #require(throws: CatalogLoadError.self) { try Catalog.load(directory: directory) }
            #expect(error.message.hasPrefix("catalog file '\(url.path)' "), "\(error)")
            #expect(error.message.contains(bad.fragment), "\(error)")
        }

        @Test("a file must be named after the resource it holds")
        func misnamed() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "misnamed-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(Catalog.encode(try importImages())).write(to: directory.appendingPathComponent("images.json"))
            let error = try #require(throws: CatalogLoadError.self) { try Catalog.load(directory: directory) }
            #expect(error.message.contains("the file must be named 'awscc.imagebuilder.images.json'"))
        }

        @Test("a missing or empty directory is an error")
        func emptyDirectory() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
            let missing = try #require(throws: CatalogLoadError.self) { try Catalog.load(directory: directory) }
            #expect(missing.message.contains("cannot read the catalog directory"))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data("notes".utf8).write(to: directory.appendingPathComponent("README.md"))
            let empty = try #require(throws: CatalogLoadError.self) { try Catalog.load(directory: directory) }
            #expect(empty.message.contains("holds no resource definitions"))
        }
    }
}
