import Foundation
import Testing

private let shippedCatalog = packageRoot.appendingPathComponent("policies/catalog")
private let fixturePages: [String] = {
    let directory = packageRoot.appendingPathComponent("fixtures/stackql-docs")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted().map { "fixtures/stackql-docs/\($0)" }
}()

private func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("iamgate catalog and iamgate actions, end to end")
struct CatalogCommandTests {}

extension CatalogCommandTests {
    @Suite("iamgate actions")
    struct ActionsCommandTests {
        @Test("text: every operation of images with its SQL, Cloud Control call and permissions")
        func text() throws {
            let result = try CLI.run(["actions"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("awscc.imagebuilder.images — AWS::ImageBuilder::Image, identifier Arn\n"))
            for header in [
                "get_resource  SELECT … FROM awscc.imagebuilder.images\n",
                "list_resources  SELECT … FROM awscc.imagebuilder.images_list_only\n",
                "create_resource  INSERT INTO awscc.imagebuilder.images\n",
                "update_resource  UPDATE awscc.imagebuilder.images\n",
                "delete_resource  DELETE FROM awscc.imagebuilder.images\n",
            ] {
                #expect(result.stdout.contains(header), "missing \(header)")
            }
            #expect(
                result.stdout.contains(
                    "cloud control    cloudformation:CreateResource, then cloudformation:GetResourceRequestStatus"))
            #expect(result.stdout.contains("permissions      12 from the create handler"))
            let createImage = try #require(
                result.stdout.split(separator: "\n").first { $0.contains("imagebuilder:CreateImage ") })
            #expect(createImage.contains("image (required)"))
            #expect(createImage.contains("arn:${Partition}:imagebuilder:${Region}:${Account}:image/${ImageName}/"))
            let inspector = try #require(
                result.stdout.split(separator: "\n").first { $0.contains("inspector2:BatchGetAccountStatus") })
            #expect(inspector.contains("*  wildcard-only"))
            #expect(result.stderr.isEmpty)
        }

        @Test("JSON: the contract's structure, in the standard method order")
        func json() throws {
            let result = try CLI.run(["actions", "awscc.imagebuilder.images", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let root = try jsonObject(result.stdout)
            #expect(root["resource"] as? String == "awscc.imagebuilder.images")
            let operations = try #require(root["operations"] as? [[String: Any]])
            #expect(
                operations.compactMap { $0["operation"] as? String } == [
                    "get_resource", "list_resources", "create_resource", "update_resource", "delete_resource",
                ])
            var resourceTypeCount = 0
            for operation in operations {
                #expect(operation["sqlVerb"] is String)
                #expect(operation["table"] is String)
                #expect(operation["requiredParams"] is [String])
                let call = try #require(operation["cloudControl"] as? [String: Any])
                #expect((call["action"] as? String)?.hasPrefix("cloudformation:") == true)
                #expect(call["followUpActions"] is [String])
                let permissions = try #require(operation["permissions"] as? [[String: Any]])
                #expect(!permissions.isEmpty)
                for permission in permissions {
                    #expect(permission["action"] is String)
                    #expect(permission["wildcardOnly"] is Bool)
                    let types = try #require(permission["resourceTypes"] as? [[String: Any]])
                    resourceTypeCount += types.count
                    for type in types {
                        #expect(type["name"] is String)
                        #expect(type["arnTemplate"] is String)
                        #expect(type["required"] is Bool)
                    }
                }
            }
            #expect(resourceTypeCount > 0, "no permission has a resource type, so no ARN template was checked")
            let list = operations[1]
            #expect(list["table"] as? String == "awscc.imagebuilder.images_list_only")
            let listImages = try #require((list["permissions"] as? [[String: Any]])?.first)
            #expect(listImages["action"] as? String == "imagebuilder:ListImages")
            #expect(listImages["wildcardOnly"] as? Bool == true)
            #expect((listImages["resourceTypes"] as? [Any])?.isEmpty == true)
            let create = operations[2]
            #expect(create["requiredParams"] as? [String] == ["region"])
            #expect((create["permissions"] as? [[String: Any]])?.count == 12)
            let createCall = try #require(create["cloudControl"] as? [String: Any])
            #expect(createCall["action"] as? String == "cloudformation:CreateResource")
            #expect(createCall["followUpActions"] as? [String] == ["cloudformation:GetResourceRequestStatus"])
        }

        @Test("--operation create_resource: that operation only")
        func oneOperation() throws {
            let result = try CLI.run(["actions", "--operation", "create_resource", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let operations = try #require(try jsonObject(result.stdout)["operations"] as? [[String: Any]])
            #expect(operations.count == 1)
            #expect(operations.first?["operation"] as? String == "create_resource")
            #expect(operations.first?["sqlVerb"] as? String == "INSERT")
            let text = try CLI.run(["actions", "--operation", "create_resource"])
            #expect(text.status == 0)
            #expect(text.stdout.contains("create_resource  INSERT INTO awscc.imagebuilder.images"))
            #expect(!text.stdout.contains("get_resource"))
        }

        @Test("a list-view table narrows to list_resources")
        func listViewTable() throws {
            let result = try CLI.run(["actions", "awscc.imagebuilder.images_list_only", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let operations = try #require(try jsonObject(result.stdout)["operations"] as? [[String: Any]])
            #expect(operations.compactMap { $0["operation"] as? String } == ["list_resources"])
        }

        @Test("an action the service reference does not know is marked")
        func unknownAction() throws {
            let result = try CLI.run([
                "actions", "awscc.imagebuilder.components", "--operation", "create_resource", "--format", "json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let operations = try #require(try jsonObject(result.stdout)["operations"] as? [[String: Any]])
            let permissions = try #require(operations.first?["permissions"] as? [[String: Any]])
            let headBucket = try #require(permissions.first { $0["action"] as? String == "s3:HeadBucket" })
            #expect(headBucket["known"] as? Bool == false)
            let text = try CLI.run(["actions", "awscc.imagebuilder.components", "--operation", "create_resource"])
            #expect(text.stdout.contains("s3:HeadBucket"))
            #expect(text.stdout.contains("? unknown to the service reference"))
        }

        @Test("an unknown resource exits 64 and lists the resources")
        func unknownResource() throws {
            let result = try CLI.run(["actions", "awscc.imagebuilder.nope"])
            #expect(result.status == 64)
            #expect(result.stdout.isEmpty)
            #expect(
                result.stderr.hasPrefix("iamgate: error: unknown resource 'awscc.imagebuilder.nope' (choose one of "))
            #expect(result.stderr.contains("awscc.imagebuilder.images,"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }

        @Test("an unknown operation exits 64 and lists the operations")
        func unknownOperation() throws {
            let result = try CLI.run(["actions", "--operation", "read"])
            #expect(result.status == 64)
            #expect(
                result.stderr
                    == "iamgate: error: unknown operation 'read' for awscc.imagebuilder.images (choose one of get_resource, "
                    + "list_resources, create_resource, update_resource, delete_resource)\n")
        }

        @Test("a catalog directory that does not exist exits 64")
        func missingCatalog() throws {
            let result = try CLI.run(["actions", "--catalog", "/nonexistent/catalog"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("cannot read the catalog directory '/nonexistent/catalog'"))
        }
    }
}

extension CatalogCommandTests {
    @Suite("iamgate catalog")
    struct CatalogSubcommandTests {
        @Test("import into a temporary directory reproduces the shipped files byte for byte")
        func importReproducesShippedCatalog() throws {
            let directory = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try #require(fixturePages.count == 8, "fixtures/stackql-docs holds the seed page and its seven siblings")
            let result = try CLI.run(["catalog", "import", "--output", directory.path] + fixturePages)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == fixturePages.count)
            #expect(
                lines.contains(
                    "wrote \(directory.path)/awscc.imagebuilder.images.json (5 methods, 12 create permissions)"[...]))
            let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            let shipped = try FileManager.default.contentsOfDirectory(atPath: shippedCatalog.path)
                .filter { $0.hasSuffix(".json") }.sorted()
            #expect(written == shipped)
            for name in shipped {
                let mine = try Data(contentsOf: directory.appendingPathComponent(name))
                let theirs = try Data(contentsOf: shippedCatalog.appendingPathComponent(name))
                #expect(mine == theirs, "\(name) differs from policies/catalog")
            }
        }

        @Test("a bad page exits 64 with one sentence, and nothing is written")
        func badPage() throws {
            let directory = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let page = directory.appendingPathComponent("broken.md")
            try Data("# A page\n\nwith no tables at all\n".utf8).write(to: page)
            let output = directory.appendingPathComponent("out")
            let result = try CLI.run([
                "catalog", "import", "--output", output.path, "fixtures/stackql-docs/awscc.imagebuilder.images.md",
                page.path,
            ])
            #expect(result.status == 64)
            #expect(
                result.stderr
                    == "iamgate: error: page '\(page.path)' line 1: the page has no Overview table with an 'Id' row\n")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }

        @Test("an unreadable page exits 64")
        func unreadablePage() throws {
            let result = try CLI.run(["catalog", "import", "--output", "/tmp/unused", "/nonexistent/page.md"])
            #expect(result.status == 64)
            #expect(result.stderr.hasPrefix("iamgate: error: cannot read documentation page '/nonexistent/page.md'"))
        }

        @Test("list: one line per resource")
        func list() throws {
            let result = try CLI.run(["catalog", "list"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == fixturePages.count)
            let images = try #require(lines.first { $0.hasPrefix("awscc.imagebuilder.images ") })
            #expect(images.contains("AWS::ImageBuilder::Image"))
            #expect(images.contains("5 methods"))
            #expect(images.contains("tables images, images_list_only"))
        }

        @Test("list --format json: an array of resources with their tables and methods")
        func listJSON() throws {
            let result = try CLI.run(["catalog", "list", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let resources = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(resources.count == fixturePages.count)
            let images = try #require(resources.first { $0["id"] as? String == "awscc.imagebuilder.images" })
            #expect(
                images["tables"] as? [String] == ["awscc.imagebuilder.images", "awscc.imagebuilder.images_list_only"])
            #expect(images["identifier"] as? String == "Arn")
            #expect((images["methods"] as? [String])?.count == 5)
        }
    }
}
