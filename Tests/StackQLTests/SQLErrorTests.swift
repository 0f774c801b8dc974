import Testing

@testable import StackQL

/// One bad statement, where its error is and what the message says.
struct BadStatement: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    var line: Int
    var column: Int
    var message: String

    var testDescription: String { name }

    init(_ name: String, _ sql: String, _ line: Int, _ column: Int, _ message: String) {
        self.name = name
        self.sql = sql
        self.line = line
        self.column = column
        self.message = message
    }
}

/// `awscc.imagebuilder.images`, 25 characters: a table after `SELECT * FROM ` spans columns 15–39, so `WHERE` is at 41
/// and the first WHERE column at 47.
private let images = "awscc.imagebuilder.images"

let badStatements: [BadStatement] = [
    // Syntax.
    BadStatement("misspelled FROM", "SELECT * FORM \(images)", 1, 10, "unexpected 'FORM' (expected FROM)"),
    BadStatement(
        "misspelled FROM after a column", "SELECT region, arn FORM \(images)_list_only WHERE region = 'x'", 1, 20,
        "unexpected 'FORM' (expected FROM)"),
    BadStatement("no table at the end", "SELECT region FROM", 1, 19, "missing table name after FROM"),
    BadStatement("no table before WHERE", "SELECT * FROM WHERE region = 'x'", 1, 15, "missing table name after FROM"),
    BadStatement(
        "DELETE without FROM", "DELETE \(images) WHERE region = 'x'", 1, 8, "unexpected 'awscc' (expected FROM)"),
    BadStatement(
        "UPDATE without SET", "UPDATE \(images) WHERE region = 'x'", 1, 34, "unexpected 'WHERE' (expected SET)"),
    BadStatement(
        "INSERT without values", "INSERT INTO \(images) (region)", 1, 47,
        "unexpected end of statement (expected SELECT or VALUES)"),
    BadStatement("empty WHERE", "SELECT * FROM \(images) WHERE;", 1, 46, "missing condition after WHERE"),
    BadStatement(
        "trailing clause", "SELECT * FROM \(images) WHERE region = 'x' AND Identifier = 'y' LIMIT 1", 1, 81,
        "unexpected 'LIMIT' (expected AND or end of statement)"),
    BadStatement(
        "missing ; between statements", "SELECT * FROM \(images) WHERE region = 'x'\nSELECT 1", 2, 1,
        "unexpected 'SELECT' (expected AND or end of statement)"),
    BadStatement(
        "the notes' bare ellipsis", CanonicalStatements.notesGetVerbatim, 1, 43,
        "unexpected '…' (expected an expression)"),
    BadStatement("subquery in a select list", "SELECT (SELECT 1) FROM a.b.c", 1, 9, "subqueries are not supported"),
    BadStatement(
        "duplicate condition", "DELETE FROM \(images) WHERE region = 'a' AND region = 'b'", 1, 62,
        "duplicate condition on 'region' in WHERE"),
    // Unsupported statements.
    BadStatement(
        "SHOW", "SHOW RESOURCES IN awscc.imagebuilder", 1, 1,
        "'SHOW' statements are not supported; iamgate checks SELECT, INSERT, UPDATE and DELETE"),
    BadStatement(
        "DESCRIBE, after a comment", "-- what is there?\n  describe \(images)", 2, 3,
        "'DESCRIBE' statements are not supported; iamgate checks SELECT, INSERT, UPDATE and DELETE"),
    BadStatement("misspelled verb", "SELCT * FROM \(images)", 1, 1, "unknown statement 'SELCT' (did you mean SELECT?)"),
    BadStatement(
        "template tags", "{% if x %}SELECT 1{% endif %}", 1, 1,
        "template tags '{%' are not supported; render the file first"),
    // WHERE beyond equality joined by AND.
    BadStatement(
        "OR", "SELECT * FROM \(images) WHERE region = 'us-east-1' OR Identifier = 'x'", 1, 68,
        "only equality conditions joined by AND are supported in WHERE (got 'OR')"),
    BadStatement(
        "less than", "SELECT * FROM \(images) WHERE region < 'x'", 1, 54,
        "only equality conditions joined by AND are supported in WHERE (got '<')"),
    BadStatement(
        "LIKE", "SELECT * FROM \(images) WHERE region = 'x' AND Identifier LIKE 'arn:%'", 1, 75,
        "only equality conditions joined by AND are supported in WHERE (got 'LIKE')"),
    BadStatement(
        "IN", "SELECT * FROM \(images) WHERE Identifier IN (SELECT arn FROM \(images)_list_only)", 1, 58,
        "only equality conditions joined by AND are supported in WHERE (got 'IN')"),
    BadStatement(
        "subquery value", "SELECT * FROM \(images) WHERE region = (SELECT 'x')", 1, 56,
        "only equality conditions joined by AND are supported in WHERE (got '(')"),
    BadStatement(
        "NOT", "SELECT * FROM \(images) WHERE NOT region = 'x'", 1, 47,
        "only equality conditions joined by AND are supported in WHERE (got 'NOT')"),
    // Values.
    BadStatement(
        "function value", "SELECT * FROM \(images) WHERE region = upper('x') AND Identifier = 'y'", 1, 56,
        "unsupported value 'upper' (expected a string, number, true, false, null or {{ template }})"),
    BadStatement(
        "unquoted value", "SELECT * FROM \(images) WHERE region = us_east_1", 1, 56,
        "unsupported value 'us_east_1' (expected a string, number, true, false, null or {{ template }})"),
    // Lexical.
    BadStatement(
        "unterminated string", "SELECT * FROM \(images)\nWHERE region = 'us-east-1", 2, 16,
        "unterminated string literal"),
    BadStatement("unterminated comment", "SELECT * /* FROM", 1, 10, "unterminated comment"),
    BadStatement(
        "unterminated template", "SELECT * FROM \(images) WHERE region = '{{ region }'", 1, 57,
        "unterminated template expression (missing '}}')"),
    // Table names.
    BadStatement(
        "two-part table", "SELECT * FROM imagebuilder.images WHERE region = 'x'", 1, 15,
        "table name 'imagebuilder.images' must have 3 parts (provider.service.resource), not 2"),
    BadStatement(
        "four-part table", "DELETE FROM \(images).extra WHERE region = 'x'", 1, 13,
        "table name 'awscc.imagebuilder.images.extra' must have 3 parts (provider.service.resource), not 4"),
    // Classification.
    BadStatement(
        "unknown resource", "SELECT * FROM awscc.imagebuilder.imagez WHERE region = 'x' AND Identifier = 'y'", 1, 15,
        "unknown resource 'awscc.imagebuilder.imagez' (did you mean 'awscc.imagebuilder.images'?)"),
    BadStatement(
        "unknown resource, nothing close", "SELECT * FROM aws.ec2.instances WHERE region = 'x'", 1, 15,
        "unknown resource 'aws.ec2.instances'"),
    BadStatement(
        "INSERT into the list view", "INSERT INTO \(images)_list_only (region) SELECT 'x'", 1, 13,
        "no INSERT method on 'awscc.imagebuilder.images_list_only' (it has list_resources by SELECT)"),
    BadStatement(
        "get without Identifier", "SELECT * FROM \(images) WHERE region = 'us-east-1'", 1, 1,
        "missing required param 'Identifier' for get_resource (add WHERE Identifier = '…')"),
    BadStatement(
        "list without region", "\n  SELECT region, arn FROM \(images)_list_only", 2, 3,
        "missing required param 'region' for list_resources (add WHERE region = '…')"),
    BadStatement(
        "create without region", "INSERT INTO \(images) (ImageRecipeArn) SELECT 'x'", 1, 1,
        "missing required param 'region' for create_resource (add region to the column list and a value for it)"),
    BadStatement(
        "update without PatchDocument",
        "UPDATE \(images) SET ClientToken = 't' WHERE region = 'x' AND Identifier = 'y'",
        1, 1, "missing required param 'PatchDocument' for update_resource (add SET PatchDocument = '…')"),
    BadStatement(
        "update without Identifier", "UPDATE \(images) SET PatchDocument = '[]' WHERE region = 'x'", 1, 1,
        "missing required param 'Identifier' for update_resource (add WHERE Identifier = '…')"),
    BadStatement(
        "delete without Identifier, second statement",
        "SELECT region FROM \(images)_list_only WHERE region = 'x';\n\nDELETE FROM \(images) WHERE region = 'x'", 3, 1,
        "missing required param 'Identifier' for delete_resource (add WHERE Identifier = '…')"),
    BadStatement(
        "unknown INSERT column", "INSERT INTO \(images) (ImageRecipeARN, region) SELECT 'x', 'y'", 1, 40,
        "unknown column 'ImageRecipeARN' for awscc.imagebuilder.images (did you mean 'ImageRecipeArn'?)"),
    BadStatement(
        "old data__ column", "INSERT INTO \(images) (data__ExecutionRole, region) SELECT 'x', 'y'", 1, 40,
        "unknown column 'data__ExecutionRole' for awscc.imagebuilder.images (did you mean 'ExecutionRole'?)"),
    BadStatement(
        "fewer values than columns", "INSERT INTO \(images) (ImageRecipeArn, region) SELECT 'x'", 1, 64,
        "the column list has 2 columns but 1 value was given"),
    BadStatement(
        "a later VALUES row of another size", "INSERT INTO \(images) (region) VALUES ('a'), ('b', 'c')", 1, 62,
        "row 2 has 2 values but the column list has 1 column"),
    BadStatement(
        "a filter list_resources cannot apply",
        "SELECT region, arn FROM \(images)_list_only WHERE region = 'x' AND arn = 'y'", 1, 84,
        "column 'arn' cannot be used in WHERE for list_resources (Cloud Control takes only 'region' there)"),
    BadStatement(
        "misspelled Identifier", "SELECT * FROM \(images) WHERE region = 'x' AND Identifer = 'y'", 1, 64,
        "column 'Identifer' cannot be used in WHERE for get_resource (did you mean 'Identifier'?)"),
    BadStatement(
        "UPDATE setting a property", "UPDATE \(images) SET Tags = '{}' WHERE region = 'x' AND Identifier = 'y'", 1,
        38, "column 'Tags' cannot be set by update_resource (set PatchDocument to a JSON Patch document instead)"),
]

@Suite("SQL errors: one sentence at the offending place")
struct SQLErrorTests {
    @Test("bad statements are rejected with their location and message", arguments: badStatements)
    func rejected(_ bad: BadStatement) throws {
        let error = try #require(sqlError(bad.sql))
        #expect(error.location == loc(bad.line, bad.column))
        #expect(error.message == bad.message)
        #expect(error.source == "test.iql")
    }

    @Test("the table holds at least twenty cases, each with a distinct name")
    func coverage() {
        #expect(badStatements.count >= 20)
        #expect(Set(badStatements.map(\.name)).count == badStatements.count)
    }

    @Test("the description names the source, line and column")
    func description() throws {
        let error = try #require(sqlError("SELECT * FORM \(images)"))
        #expect(error.description == "sql 'test.iql' line 1:10: unexpected 'FORM' (expected FROM)")
    }

    @Test("every message is one lowercase sentence", arguments: badStatements)
    func oneSentence(_ bad: BadStatement) throws {
        let message = try #require(sqlError(bad.sql)).message
        #expect(!message.contains("\n"))
        #expect(message.first.map { !$0.isUppercase } == true)
    }
}
