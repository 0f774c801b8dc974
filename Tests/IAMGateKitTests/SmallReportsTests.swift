import Catalog
import JSON
import Testing

@testable import IAMGateKit
@testable import Reports

/// `whoami` and `catalog`'s reports, built by hand or from the shipped catalog, and their renderers.
@Suite("whoami and catalog reports")
struct SmallReportsTests {
    static let session = WhoAmIReport(
        account: "111122223333", arn: "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        userId: "AROAEXAMPLE:build-42", principal: "arn:aws:iam::111122223333:role/ci-deployer",
        note: .rolePathUnknown(
            assumed: "arn:aws:iam::111122223333:role/ci-deployer", because: .getRole(errorCode: "AccessDenied")),
        credentialSource: "environment", accessKey: "ASIA…MPLE", temporary: true, profile: "ci",
        profileIsExplicit: true, region: nil, stsEndpoint: "https://sts.amazonaws.com",
        iamEndpoint: "https://iam.amazonaws.com")

    @Test("whoami text: aligned rows, the role marked as checked for, the note rendered last")
    func whoAmIText() throws {
        let note = ReportSentences.note(try #require(Self.session.note))
        #expect(
            WhoAmIText.render(Self.session) == """
                account      111122223333
                caller       arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42
                user id      AROAEXAMPLE:build-42
                principal    arn:aws:iam::111122223333:role/ci-deployer (checked for)
                credentials  environment, key ASIA…MPLE (temporary)
                profile      ci (--profile)
                region       (none)
                endpoints    sts https://sts.amazonaws.com, iam https://iam.amazonaws.com
                note         \(note)

                """)
    }

    @Test("whoami JSON: the same facts as members, a missing region as null")
    func whoAmIJSON() throws {
        var user = Self.session
        user.arn = "arn:aws:iam::111122223333:user/ops"
        user.principal = user.arn
        user.note = nil
        let json = WhoAmIJSON.render(user).rendered(pretty: false)
        #expect(json.contains(#""principal":"arn:aws:iam::111122223333:user/ops""#))
        #expect(json.contains(#""region":null"#))
        #expect(!json.contains("note"))
        #expect(!WhoAmIText.render(user).contains("(checked for)"))
    }

    @Test("catalog list: each shipped resource with its own table and list view, and its methods' tables once each")
    func catalogListing() throws {
        let listing = CatalogListing(catalog: try Catalog.standard())
        let images = try #require(listing.resources.first { $0.id == "awscc.imagebuilder.images" })
        #expect(images.tables == ["images", "images_list_only"])
        #expect(images.methodTables == ["awscc.imagebuilder.images", "awscc.imagebuilder.images_list_only"])
        #expect(images.methods.count == 5)
        let lines = CatalogListText.render(listing).split(separator: "\n")
        let line = try #require(lines.first { $0.hasPrefix(images.id) })
        #expect(line.hasSuffix("5 methods  identifier Arn  tables images, images_list_only"))
    }

    @Test("catalog import: one line per file, counts singular and plural")
    func importLines() throws {
        let catalog = try Catalog.standard()
        let images = try #require(catalog.resource(id: "awscc.imagebuilder.images"))
        var one = images
        one.methods = images.methods.filter { $0.name == "delete_resource" }
        let text = CatalogImportText.render([
            CatalogImportResult(definition: images, path: "out/images.json"),
            CatalogImportResult(definition: one, path: "out/one.json"),
        ])
        #expect(
            text == "wrote out/images.json (5 methods, 12 create permissions)\n"
                + "wrote out/one.json (1 method, 0 create permissions)\n")
    }
}
