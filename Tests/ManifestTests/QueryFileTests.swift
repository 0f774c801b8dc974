import Testing

@testable import Manifest

/// Splitting a resource query file at its anchors as stackql-deploy's `load_sql_queries` does
/// (resource-query-files.md: "hints must be at the beginning of a line", `KEY[, OPTION=VALUE]…`; `preflight` and
/// `postdeploy` are the older names of `exists` and `statecheck`).
@Suite("QueryFile")
struct QueryFileTests {
    static func error(_ text: String) -> String? {
        do {
            _ = try QueryFile.parse(text, path: "r.iql")
            return nil
        } catch let error {
            return error.description
        }
    }

    @Test("the seed's query file splits into create, update and delete, each at its lines")
    func seedSections() throws {
        let file = try QueryFile.load(path: Fixtures.project("seed-image") + "/resources/image.iql")
        #expect(file.sections.map(\.anchor) == [.create, .update, .delete])
        #expect(file.sections.map(\.anchorLine) == [1, 28, 37])
        #expect(file.sections.map(\.firstLine) == [2, 29, 38])
        #expect(file.sections.map(\.statementLine) == [2, 29, 38])
        #expect(file.section(.update)?.text.hasPrefix("UPDATE awscc.imagebuilder.images\nSET PatchDocument") == true)
        #expect(file.section(.exists) == nil)
    }

    @Test("options, aliases, callbacks and indented anchors; text before the first anchor belongs to none")
    func anchorsAndOptions() throws {
        let file = try QueryFile.parse(
            """
            -- a header stackql-deploy drops
            /*+ preflight */
            SELECT 1;
              /*+ postdeploy, retries=5, retry_delay=10 */

            -- the check
            SELECT 2;
            /*+ callback:create, retries=10, short_circuit_field=ProgressEvent.OperationStatus, short_circuit_value=SUCCESS */
            SELECT 3;
            /*+ Exports, retries=2, retry_delay=1 */ anything after the anchor is dropped
            SELECT 4;
            """, path: "r.iql")
        #expect(file.sections.map(\.anchor) == [.exists, .statecheck, .callbackCreate, .exports])
        #expect(file.sections.map(\.writtenAnchor) == ["preflight", "postdeploy", "callback:create", "Exports"])
        #expect(
            file.sections[1].options == [.init(name: "retries", value: "5"), .init(name: "retry_delay", value: "10")])
        #expect(file.sections[1].statementLine == 7)
        #expect(file.sections[2].options.map(\.name) == ["retries", "short_circuit_field", "short_circuit_value"])
        #expect(file.sections[3].text == "SELECT 4;")
        #expect(!file.sections.contains { $0.text.contains("header") })
    }

    @Test(
        "an anchor or option stackql-deploy does not know, a malformed option or a second anchor is one sentence",
        arguments: [
            ("/*+ craete */\nSELECT 1;", "line 1: unknown anchor 'craete' (did you mean 'create'?)"),
            (
                "/*+ statecheck, retires=5 */\nSELECT 1;",
                "line 1: unknown option 'retires' of 'statecheck' (did you mean 'retries'?)"
            ),
            (
                "/*+ create, wait=5 */\nSELECT 1;",
                "line 1: unknown option 'wait' of 'create' (it takes retries, retry_delay)"
            ),
            (
                "/*+ create, retries=five */\nSELECT 1;",
                "line 1: option 'retries' of 'create' must be a whole number, not 'five'"
            ),
            (
                "/*+ create, retries */\nSELECT 1;",
                "line 1: option 'retries' of 'create' must be NAME=VALUE (e.g. retries=5)"
            ),
            (
                "/*+ exists */\nSELECT 1;\n/*+ preflight */\nSELECT 2;",
                "line 3: a second 'exists' anchor (the first is at line 1); stackql-deploy would keep only the last one"
            ),
        ])
    func refused(text: String, expected: String) {
        #expect(Self.error(text) == "query file 'r.iql' \(expected)")
    }

    @Test("the fixture with a misspelled anchor names the file and line")
    func brokenAnchorFixture() {
        do {
            _ = try QueryFile.load(path: Fixtures.project("broken-anchor") + "/resources/image.iql")
            Issue.record("the misspelled anchor was read")
        } catch let error {
            #expect(error.line == 5)
            #expect(error.message == "unknown anchor 'craete' (did you mean 'create'?)")
        }
    }
}
