import Testing

@testable import StackQL

/// `SQLParser.Mode.deploymentQuery`: the SELECTs of stackql-deploy query files (resource-query-files.md: exists and
/// statecheck queries return `count`, often as `SELECT COUNT(*) as count FROM (SELECT …) t WHERE …`; exports may
/// select literals without FROM). The parameters (`region`, `Identifier`) decide the calls; every other condition
/// filters the rows StackQL read.
@Suite("SQLParser: stackql-deploy queries")
struct DeploymentQueryTests {
    static func deployment(
        _ text: String, templates: TemplateValues = TemplateValues(), firstLine: Int = 1
    ) throws(SQLError) -> [SQLStatement] {
        try SQLParser.parse(text, source: "r.iql", templates: templates, mode: .deploymentQuery, firstLine: firstLine)
    }

    static func error(_ text: String) -> String? {
        do {
            _ = try deployment(text)
            return nil
        } catch let error {
            return error.description
        }
    }

    static let stateCheck = """
        SELECT COUNT(*) as count FROM
        (
        SELECT
        AWS_POLICY_EQUAL(tags, '{{ vpc_tags }}') as test_tags
        FROM awscc.imagebuilder.images
        WHERE Identifier = '{{ arn }}'
        AND region = 'us-east-1'
        AND cidr_block = '10.0.0.0/16'
        AND JSON_EXTRACT(x, '$.y') = 'z'
        ) t
        WHERE test_tags = 1;
        """

    @Test("a COUNT(*) over a derived table is the inner SELECT's table, parameters and filters, at the file's lines")
    func derivedTable() throws {
        let statement = try #require(try Self.deployment(Self.stateCheck, firstLine: 10).first)
        #expect(statement.table == "awscc.imagebuilder.images")
        #expect(statement.tableLocation == loc(14, 6))
        #expect(statement.location == loc(10, 1))
        #expect(statement.selectColumns == ["COUNT(*) as count"])
        #expect(statement.whereEquals.map(\.column) == ["Identifier", "region"])
        #expect(statement.whereValue("Identifier")?.value.unknownNames == ["arn"])
        #expect(
            statement.localFilters == ["cidr_block = '10.0.0.0/16'", "JSON_EXTRACT(x, '$.y') = 'z'", "test_tags = 1"])
    }

    @Test("--sql statements stay strict: a derived table or a filter on another column is refused")
    func strictModeUnchanged() {
        #expect(throws: SQLError.self) { try parse(Self.stateCheck) }
        #expect(throws: SQLError.self) {
            try parse("SELECT arn FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND name LIKE 'x%'")
        }
    }

    @Test("a table alias, a qualified parameter and a SELECT without FROM")
    func aliasesAndNoTable() throws {
        let aliased = try #require(
            try Self.deployment("SELECT i.arn FROM awscc.imagebuilder.images AS i WHERE i.region = 'us-east-1'").first)
        #expect(aliased.whereEquals.map(\.column) == ["region"])
        let literal = try #require(try Self.deployment("SELECT '{{ name }}' as name").first)
        #expect(literal.table.isEmpty && literal.verb == .select)
    }

    @Test(
        "what would make a parameter optional or not an equality is refused at its token",
        arguments: [
            (
                "SELECT 1 FROM awscc.imagebuilder.images WHERE region = 'a' AND x = 1 OR y = 2",
                "line 1:70: 'OR' beside the condition on 'region' is not supported: with it the parameter would no longer bind every row"
            ),
            (
                "SELECT 1 FROM awscc.imagebuilder.images WHERE region IN ('a', 'b')",
                "line 1:47: a condition on 'region' must be an equality (region = '…') joined to the others by AND"
            ),
            (
                "SELECT 1 FROM awscc.imagebuilder.images i JOIN awscc.imagebuilder.images_list_only l ON i.arn = l.arn",
                "line 1:43: joins are not supported; a checked statement reads one table"
            ),
            (
                "SELECT COUNT(*) FROM (SELECT arn FROM awscc.imagebuilder.images WHERE region = 'a')",
                "line 1:84: unexpected end of statement (expected an alias for the derived table)"
            ),
        ])
    func refused(text: String, expected: String) {
        #expect(Self.error(text) == "sql 'r.iql' \(expected)")
    }

    @Test("values given for whole expressions are used as values; a partly known one keeps its unknown parts")
    func expressionValues() throws {
        let templates = TemplateValues(expressions: [
            #"{"Tags": tags} | generate_patch_document"#: [
                .literal(#"[{"op":"add","path":"/Tags","value":""#), .unknown("tags"), .literal(#""}]"#),
            ],
            "region": [.literal("us-east-1")],
        ])
        let statement = try #require(
            try Self.deployment(
                """
                UPDATE awscc.imagebuilder.images
                SET PatchDocument = string('{{ {"Tags": tags} | generate_patch_document }}')
                WHERE region = {{ region }} AND Identifier = '{{ arn }}'
                """, templates: templates
            ).first)
        #expect(statement.assignedValue("PatchDocument")?.value.unknownNames == ["tags"])
        #expect(statement.whereValue("region")?.value.knownText == "us-east-1")
        #expect(statement.whereValue("Identifier")?.value.unknownNames == ["arn"])
    }
}
