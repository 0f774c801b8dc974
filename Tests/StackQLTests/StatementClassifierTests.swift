import Catalog
import Testing

@testable import StackQL

@Suite("StatementClassifier")
struct StatementClassifierTests {
    private let classifier = StatementClassifier(catalog: TestCatalog.all)

    private func classify(_ text: String, variables: [String: String] = [:]) throws -> [ClassifiedStatement] {
        try StatementClassifier.parseAndClassify(
            text: text, source: "test.iql", variables: variables, catalog: TestCatalog.all)
    }

    @Test(
        "each seed-page statement reaches its documented method",
        arguments: zip(
            CanonicalStatements.seedStatements,
            [
                "get_resource", "list_resources", "create_resource", "create_resource", "update_resource",
                "delete_resource",
            ]
        ))
    func seedMethods(text: String, method: String) throws {
        let classified = try classify(text)
        #expect(classified.map(\.method.name) == [method])
        #expect(classified.first?.resource.id == "awscc.imagebuilder.images")
    }

    /// Each row of a multi-row INSERT creates a resource with its own values (an ExecutionRole to pass, recipe ARNs
    /// to read), so checking the first row would say nothing about the others: such a statement is refused.
    @Test("an INSERT with more than one row of values is refused at the statement, not checked by its first row")
    func multiRowInsertRefused() throws {
        let text = """
            INSERT INTO awscc.imagebuilder.images (ExecutionRole, region)
            VALUES ('arn:aws:iam::111122223333:role/a', 'us-east-1'), ('arn:aws:iam::111122223333:role/admin', 'us-east-1');
            """
        #expect(throws: SQLError.self) { try classify(text) }
        do {
            _ = try classify(text)
        } catch let error as SQLError {
            #expect(error.location.line == 1)
            #expect(error.message.contains("2 rows of values"))
        }
        #expect(try classify("INSERT INTO awscc.imagebuilder.images (region) VALUES ('us-east-1')").count == 1)
    }

    @Test("the notes' block classifies statement by statement")
    func notesMethods() throws {
        let classified = try classify(CanonicalStatements.notes)
        #expect(
            classified.map(\.method.name) == [
                "get_resource", "list_resources", "create_resource", "update_resource", "delete_resource",
            ])
        #expect(classified[2].parameter("region")?.value.knownText == "us-east-1")
        #expect(classified[3].parameter("PatchDocument")?.value.unknownNames.count == 1)
        #expect(classified[3].parameter("Identifier")?.value.knownText == "…")
    }

    @Test("required params match case-insensitively, and parameter(_:) finds them")
    func caseInsensitiveParams() throws {
        let classified = try classify(
            "DELETE FROM awscc.imagebuilder.images WHERE IDENTIFIER = 'arn:x' AND Region = {{ region }}",
            variables: ["region": "us-west-2"])
        #expect(classified.first?.parameter("Identifier")?.value.knownText == "arn:x")
        #expect(classified.first?.parameter("region")?.value.knownText == "us-west-2")
    }

    @Test("Cloud Control's optional params are accepted where the mutation's request carries them")
    func optionalParams() throws {
        let classified = try classify(
            """
            INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, InfrastructureConfigurationArn, RoleArn, clienttoken, region)
            SELECT 'a', 'b', 'arn:aws:iam::111122223333:role/cc', 't', 'us-east-1';
            UPDATE awscc.imagebuilder.images SET PatchDocument = '[]', RoleArn = 'r'
            WHERE region = 'us-east-1' AND Identifier = 'i';
            DELETE FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = 'i' AND RoleArn = 'r'
            """)
        #expect(classified.map(\.method.name) == ["create_resource", "update_resource", "delete_resource"])
        #expect(classified[0].parameter("RoleArn")?.value.knownText == "arn:aws:iam::111122223333:role/cc")
        #expect(classified[1].parameter("RoleArn")?.value.knownText == "r")
        #expect(classified[2].parameter("RoleArn")?.value.knownText == "r")
    }

    @Test("a SELECT may not pass RoleArn: get_resource takes only Identifier and region in WHERE")
    func selectRejectsOptionalParams() throws {
        let error = try #require(
            sqlError(
                "SELECT * FROM awscc.imagebuilder.images WHERE region = 'x' AND Identifier = 'y' AND RoleArn = 'r'"))
        #expect(error.message.hasPrefix("column 'RoleArn' cannot be used in WHERE for get_resource"))
    }

    @Test("methods, tables and verbs come from the catalog, not from fixed names")
    func catalogDriven() throws {
        let custom = ResourceDefinition(
            id: "awscc.ec2.widgets", provider: "awscc", service: "ec2", name: "widgets", listView: "widgets_ids",
            cloudFormationType: "AWS::EC2::Widget", summary: "", identifier: "Id", properties: ["Size"],
            methods: [
                TestCatalog.method("list_resources", "widgets_ids", "select", ["region"]),
                TestCatalog.method("create_resource", "widgets", "insert", ["region"]),
            ],
            source: ImportSource(page: "widgets.md", fingerprint: ""))
        let classifier = StatementClassifier(catalog: [custom])
        let list = try parseOne("SELECT * FROM awscc.ec2.WIDGETS_IDS WHERE region = 'x'")
        #expect(try classifier.classify(list, source: "t").method.name == "list_resources")
        let insert = try parseOne("INSERT INTO awscc.ec2.widgets (Size, region) VALUES (3, 'x')")
        #expect(try classifier.classify(insert, source: "t").method.name == "create_resource")
        let get = try parseOne("SELECT * FROM awscc.ec2.widgets WHERE region = 'x' AND Identifier = 'y'")
        #expect(throws: SQLError.self) { try classifier.classify(get, source: "t") }
    }

    @Test("classify keeps the statement as parsed")
    func keepsStatement() throws {
        let statement = try parseOne(CanonicalStatements.seedGet)
        let classified = try classifier.classify(statement, source: "test.iql")
        #expect(classified.statement == statement)
        #expect(classified.method.cloudControl.action == "cloudformation:GetResource")
    }

    @Test("suggestions: same name in another case, without data__, or within a small edit distance")
    func suggestions() {
        let candidates = ["Identifier", "region", "ImageRecipeArn"]
        #expect(StatementClassifier.suggestion(for: "REGION", among: candidates) == "region")
        #expect(StatementClassifier.suggestion(for: "data__Identifier", among: candidates) == "Identifier")
        #expect(StatementClassifier.suggestion(for: "Identifer", among: candidates) == "Identifier")
        #expect(StatementClassifier.suggestion(for: "Tags", among: candidates) == nil)
        #expect(StatementClassifier.suggestion(for: "x", among: []) == nil)
    }
}
