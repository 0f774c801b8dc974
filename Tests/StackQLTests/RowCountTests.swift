import JSON
import Testing

@testable import StackQL

/// `RowCount`: how `iamgate exec --manifest` decides an exists or statecheck query. stackql-deploy's rule
/// (`website/docs/resource-query-files.md`, exists and statecheck): the query returns "a single row with a single
/// field named `count`", 1 meaning the resource exists (is in the desired state) and 0 that it does not; its
/// state tests use functions such as `JSON_EQUAL` and `JSON_EXTRACT`.
@Suite("Row counts of stackql-deploy queries")
struct RowCountTests {
    static let tags = #"{"team":"web","stack":"web-image-dev"}"#

    static func count(
        _ text: String, variables: [String: String] = [:]
    ) throws -> RowCount {
        let statements = try SQLParser.parse(
            text, source: "image.iql", templates: TemplateValues(variables), mode: .deploymentQuery)
        let statement = try #require(statements.first)
        return try RowCount.make(statement, source: "image.iql")
    }

    /// One row: the columns of a JSON object, as Cloud Control's `Properties` give them (snake_case names here).
    static func row(_ json: String) throws -> (String) -> RowValue {
        let members = try #require(try JSONParser.parse(Array(json.utf8)).objectValue)
        return { column in members.first { $0.key == column }.map { RowValue($0.value) } ?? .null }
    }

    static let statecheck = """
        SELECT COUNT(*) as count FROM
        (
        SELECT JSON_EQUAL(tags, '{{ Tags }}') as test_tags
        FROM awscc.imagebuilder.images
        WHERE region = 'us-east-1' AND Identifier = '{{ image_arn }}'
        AND image_recipe_arn = '{{ recipe }}'
        ) t
        WHERE test_tags = 1
        """

    @Test("a derived table's alias is evaluated per row: only rows whose tags are JSON-equal and whose recipe matches")
    func derivedTable() throws {
        let query = try Self.count(
            Self.statecheck, variables: ["Tags": Self.tags, "image_arn": "arn:…", "recipe": "r/1"])
        #expect(query.unknownNames.isEmpty)
        // Key order does not matter to JSON_EQUAL; the recipe condition and the tags both must hold.
        let same = try Self.row(#"{"tags": {"stack": "web-image-dev", "team": "web"}, "image_recipe_arn": "r/1"}"#)
        let otherTags = try Self.row(#"{"tags": {"team": "web"}, "image_recipe_arn": "r/1"}"#)
        let otherRecipe = try Self.row(
            #"{"tags": {"team": "web", "stack": "web-image-dev"}, "image_recipe_arn": "r/2"}"#)
        #expect(query.count([same]) == 1)
        #expect(query.count([otherTags]) == 0)
        #expect(query.count([otherRecipe]) == 0)
        #expect(query.count([]) == 0)
        #expect(query.count([same, same]) == 2)
    }

    @Test("a value no one knows is named, so exec keeps the gate closed instead of counting")
    func unknownValues() throws {
        let query = try Self.count(Self.statecheck, variables: ["image_arn": "arn:…"])
        #expect(query.unknownNames == ["Tags", "recipe"])
    }

    @Test(
        "comparisons, IS NULL, LIKE, IN, NOT, OR, JSON_EXTRACT, JSON_ARRAY_LENGTH and AWS_POLICY_EQUAL on one row",
        arguments: [
            ("name = 'web-server'", 1),
            ("name != 'web-server'", 0),
            ("name <> 'other'", 1),
            ("version >= 2 AND version < 3", 1),
            ("version = '2'", 1),
            ("missing IS NULL AND name IS NOT NULL", 1),
            ("name LIKE 'WEB-%'", 1),
            ("name NOT LIKE 'web_server'", 0),
            ("name IN ('a', 'web-server')", 1),
            ("NOT (name = 'a' OR name = 'b')", 1),
            ("missing = 'x'", 0),
            ("enabled = true", 1),
            ("JSON_EXTRACT(config, '$.tests.timeout') = 60", 1),
            ("JSON_EXTRACT(config, '$.list[1]') = 'b'", 1),
            ("JSON_ARRAY_LENGTH(config, '$.list') = 2", 1),
            (#"AWS_POLICY_EQUAL(policy, '{"Action": ["b", "a"], "Resource": ["*"]}') = 1"#, 1),
            (#"JSON_EQUAL(policy, '{"Action": ["b", "a"], "Resource": "*"}') = 1"#, 0),
            ("LOWER(name) = 'web-server' AND UPPER(name) = 'WEB-SERVER' AND LENGTH(name) = 10", 1),
        ])
    func conditions(condition: String, expected: Int) throws {
        let query = try Self.count(
            "SELECT COUNT(*) AS count FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND \(condition)")
        let row = try Self.row(
            #"{"name": "web-server", "version": 2, "enabled": true, "config": {"tests": {"timeout": 60}, "#
                + #""list": ["a", "b"]}, "policy": {"Action": ["a", "b"], "Resource": "*"}}"#)
        #expect(query.count([row]) == expected, "\(condition)")
    }

    @Test(
        "a query exec cannot decide is one sentence at its line:column",
        arguments: [
            (
                "SELECT image_id FROM awscc.imagebuilder.images WHERE region = 'us-east-1'",
                "sql 'image.iql' line 1:1: exec decides this query by its count column, as stackql-deploy does, but it "
                    + "returns image_id (write SELECT COUNT(*) AS count …)"
            ),
            (
                "SELECT 1 AS count FROM awscc.imagebuilder.images WHERE region = 'us-east-1'",
                "sql 'image.iql' line 1:8: exec counts rows with COUNT(…) AS count; iamgate does not evaluate '1 AS count'"
            ),
            (
                "SELECT COUNT(*) AS count FROM awscc.imagebuilder.images\nWHERE region = 'us-east-1'\n"
                    + "AND JSON_EACH(tags) = 1",
                "sql 'image.iql' line 3:5: exec evaluates this query's conditions itself to decide what runs, but "
                    + "iamgate does not evaluate JSON_EACH()"
            ),
        ])
    func undecidable(text: String, expected: String) throws {
        let statement = try #require(
            try SQLParser.parse(text, source: "image.iql", templates: TemplateValues(), mode: .deploymentQuery).first)
        #expect(throws: SQLError.self) { try RowCount.make(statement, source: "image.iql") }
        do {
            _ = try RowCount.make(statement, source: "image.iql")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }
}
