import Testing

@testable import StackQL

@Suite("SQLParser: the documentation's canonical statements")
struct CanonicalStatementTests {
    @Test("every seed-page statement parses to one statement on awscc.imagebuilder.*", arguments: 0..<6)
    func seedStatementParses(index: Int) throws {
        let statement = try parseOne(CanonicalStatements.seedStatements[index])
        #expect(statement.table.hasPrefix("awscc.imagebuilder.images"))
        #expect(!statement.text.hasSuffix(";"))
    }

    @Test("get: 15 columns, region and Identifier in WHERE, locations of table and values")
    func seedGet() throws {
        let statement = try parseOne(CanonicalStatements.seedGet)
        #expect(statement.verb == .select)
        #expect(statement.table == "awscc.imagebuilder.images")
        #expect(statement.location == loc(1, 1))
        #expect(statement.tableLocation == loc(17, 6))
        #expect(statement.selectColumns.count == 15)
        #expect(statement.selectColumns.first == "region")
        #expect(statement.selectColumns.last == "tags")
        #expect(statement.whereEquals.map(\.column) == ["region", "Identifier"])
        #expect(statement.whereValue("region") == SQLValue(literal: "us-east-1", location: loc(18, 16)))
        #expect(statement.whereValue("identifier") == SQLValue(literal: "<Arn>", location: loc(18, 45)))
        #expect(statement.whereColumnLocations == [loc(18, 7), loc(18, 32)])
        #expect(statement.hints.isEmpty)
        #expect(statement.anchor == nil)
    }

    @Test("list: the images_list_only view")
    func seedList() throws {
        let statement = try parseOne(CanonicalStatements.seedList)
        #expect(statement.table == "awscc.imagebuilder.images_list_only")
        #expect(statement.selectColumns == ["region", "arn"])
        #expect(statement.whereEquals.map(\.column) == ["region"])
        #expect(statement.text.hasPrefix("SELECT\nregion,"))
        #expect(statement.text.hasSuffix("WHERE region = 'us-east-1'"))
    }

    @Test("insert: the create anchor, 11 columns, every value an unknown template named after its column")
    func seedInsert() throws {
        for text in [CanonicalStatements.seedInsert, CanonicalStatements.seedInsertAll] {
            let statement = try parseOne(text)
            #expect(statement.verb == .insert)
            #expect(statement.location == loc(2, 1))
            #expect(statement.tableLocation == loc(2, 13))
            #expect(statement.hints == ["create"])
            #expect(statement.anchor == "create")
            #expect(statement.insertColumns.count == 11)
            #expect(statement.insertColumns.last == "region")
            #expect(statement.insertColumnLocations.first == loc(3, 2))
            #expect(statement.valueRowCount == 1)
            #expect(statement.insertValues.map(\.value.unknownNames) == statement.insertColumns.map { [$0] })
            #expect(statement.insertValues.allSatisfy { $0.value.knownText == nil })
            #expect(statement.text.hasPrefix("INSERT INTO"))
        }
    }

    @Test("insert with --var values: resolved templates become literals")
    func seedInsertWithVariables() throws {
        let statement = try parseOne(
            CanonicalStatements.seedInsert,
            variables: [
                "region": "eu-west-1",
                "ImageRecipeArn": "arn:aws:imagebuilder:eu-west-1:111122223333:image-recipe/web/1.0.0",
            ])
        #expect(statement.insertValue("region")?.value.knownText == "eu-west-1")
        #expect(statement.insertValue("region")?.location == loc(26, 1))
        #expect(statement.insertValue("ImageRecipeArn")?.value.knownText?.hasSuffix("image-recipe/web/1.0.0") == true)
        #expect(statement.insertValue("Tags")?.value.unknownNames == ["Tags"])
    }

    @Test("update: string('{{ … | generate_patch_document }}') unwraps to one unknown part")
    func seedUpdate() throws {
        let statement = try parseOne(CanonicalStatements.seedUpdate)
        #expect(statement.verb == .update)
        #expect(statement.hints == ["update"])
        #expect(statement.location == loc(2, 1))
        #expect(statement.assignments.map(\.column) == ["PatchDocument"])
        let patch = try #require(statement.assignedValue("PatchDocument"))
        #expect(patch.location == loc(3, 28))
        #expect(
            patch.value.parts == [
                .unknown("{\n    \"ExecutionRole\": execution_role,\n    \"Tags\": tags\n} | generate_patch_document")
            ])
        #expect(statement.whereValue("region")?.value.parts == [.unknown("region")])
        #expect(statement.whereValue("Identifier")?.value.knownText == "<Arn>")
    }

    @Test("update: a filter expression stays unknown even when a variable has that text as its name")
    func filterExpressionNeverResolves() throws {
        let statement = try parseOne(
            CanonicalStatements.seedUpdate, variables: ["region": "us-east-1", "execution_role": "r", "tags": "{}"])
        #expect(statement.assignedValue("PatchDocument")?.value.knownText == nil)
        #expect(statement.whereValue("region")?.value.knownText == "us-east-1")
    }

    @Test("delete: the delete anchor and both params")
    func seedDelete() throws {
        let statement = try parseOne(CanonicalStatements.seedDelete)
        #expect(statement.verb == .delete)
        #expect(statement.anchor == "delete")
        #expect(statement.whereEquals.map(\.column) == ["Identifier", "region"])
        #expect(statement.whereColumnLocations == [loc(3, 7), loc(4, 5)])
        #expect(
            statement.text
                == "DELETE FROM awscc.imagebuilder.images\nWHERE Identifier = '<Arn>'\nAND region = 'us-east-1'")
    }

    @Test("the notes' block: five statements with their own lines, anchors and RETURNING lists")
    func notesBlock() throws {
        let statements = try parse(CanonicalStatements.notes)
        #expect(statements.map(\.verb) == [.select, .select, .insert, .update, .delete])
        #expect(statements.map(\.location.line) == [1, 3, 5, 10, 13])
        #expect(statements.map(\.anchor) == [nil, nil, "create", "update", "delete"])
        #expect(statements[0].whereValue("Identifier")?.value.knownText?.hasSuffix(":image/x/1.0.0/1") == true)
        #expect(statements[1].table == "awscc.imagebuilder.images_list_only")
        let insert = statements[2]
        #expect(insert.insertColumns.count == 10)
        #expect(insert.insertValues.count == 10)
        #expect(insert.insertValue("ImageTestsConfiguration")?.value.knownText == #"{"ImageTestsEnabled":true}"#)
        #expect(insert.insertValue("region") == SQLValue(literal: "us-east-1", location: loc(7, 91)))
        #expect(insert.returning.count == 10)
        #expect(insert.returning.first == "ErrorCode")
        #expect(statements[3].returning == ["OperationStatus", "RequestToken"])
        #expect(
            statements[3].assignedValue("PatchDocument")?.value.unknownNames.first?.hasSuffix("generate_patch_document")
                == true)
        #expect(statements[4].returning == ["*"])
    }
}

@Suite("SQLParser: comments, hints and several statements")
struct CommentsAndHintsTests {
    @Test("all four comment kinds are skipped; block comments inside the statement stay in its text")
    func commentKinds() throws {
        let text = """
            -- a dash comment
            # a hash comment
            SELECT region, arn // a slash comment
            FROM /* a block
            comment */ awscc.imagebuilder.images_list_only
            WHERE region = 'us-east-1'; -- trailing
            """
        let statement = try parseOne(text)
        #expect(statement.location == loc(3, 1))
        #expect(statement.selectColumns == ["region", "arn"])
        #expect(statement.tableLocation == loc(5, 12))
        #expect(statement.text.contains("/* a block\ncomment */"))
        #expect(statement.text.hasSuffix("'us-east-1'"))
        #expect(statement.hints.isEmpty)
    }

    @Test("comment markers inside string literals are text")
    func commentMarkersInStrings() throws {
        let statement = try parseOne(
            "SELECT * FROM awscc.imagebuilder.images WHERE region = '-- #' AND Identifier = '/* x */ // y'")
        #expect(statement.whereValue("region")?.value.knownText == "-- #")
        #expect(statement.whereValue("Identifier")?.value.knownText == "/* x */ // y")
    }

    @Test("an anchor before the statement and AWAIT after the verb are both hints")
    func anchorAndAwait() throws {
        let text = """
            /*+ create */
            INSERT /*+ AWAIT */ INTO awscc.imagebuilder.images (region) SELECT 'us-east-1';
            UPDATE /*+ AWAIT */ awscc.imagebuilder.images SET PatchDocument = '[]'
            WHERE region = 'us-east-1' AND Identifier = 'x';
            DELETE /*+ AWAIT */ FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = 'x'
            """
        let statements = try parse(text)
        #expect(statements.map(\.hints) == [["create", "AWAIT"], ["AWAIT"], ["AWAIT"]])
        #expect(statements.map(\.anchor) == ["create", nil, nil])
        #expect(statements[0].location == loc(2, 1))
        #expect(statements[0].text.hasPrefix("INSERT /*+ AWAIT */ INTO"))
    }

    @Test("an anchor with options gives its key")
    func anchorOptions() throws {
        let statement = try parseOne(
            """
            /*+ statecheck, retries=5, retry_delay=10 */
            SELECT COUNT(*) as count FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = 'x'
            """)
        #expect(statement.anchor == "statecheck")
        #expect(statement.hints == ["statecheck, retries=5, retry_delay=10"])
        #expect(statement.selectColumns == ["COUNT(*) as count"])
    }

    @Test("several statements: each location is its own first token, on the right line and column")
    func severalStatements() throws {
        let text = """
            SELECT region, arn FROM awscc.imagebuilder.images_list_only WHERE region = 'us-east-1';

              DELETE FROM awscc.imagebuilder.images
              WHERE Identifier = 'a' AND region = 'us-east-1';  SELECT * FROM awscc.imagebuilder.images
            WHERE region = 'b' AND Identifier = 'c'
            ;;
            -- only a comment after the last statement
            """
        let statements = try parse(text)
        #expect(statements.map(\.verb) == [.select, .delete, .select])
        #expect(statements.map(\.location) == [loc(1, 1), loc(3, 3), loc(4, 53)])
        #expect(statements.map(\.tableLocation) == [loc(1, 25), loc(3, 15), loc(4, 67)])
        #expect(statements[2].whereValue("Identifier")?.location == loc(5, 37))
        #expect(
            statements[1].text
                == "DELETE FROM awscc.imagebuilder.images\n  WHERE Identifier = 'a' AND region = 'us-east-1'")
    }

    @Test(
        "a text with no statement gives none", arguments: ["", "  \n", "-- nothing\n/* here */", ";;", "/*+ create */"])
    func empty(text: String) throws {
        #expect(try parse(text).isEmpty)
    }

    @Test("CRLF line ends and characters beyond ASCII count as one line end and one column")
    func lineEndsAndCharacters() throws {
        let statements = try parse(
            "SELECT 'é🇫🇷', region FROM awscc.imagebuilder.images_list_only\r\nWHERE region = 'ü';\r\nSELECT * FROM awscc.imagebuilder.images_list_only WHERE region = 'x'"
        )
        #expect(statements[0].tableLocation == loc(1, 26))
        #expect(statements[0].whereValue("region") == SQLValue(literal: "ü", location: loc(2, 16)))
        #expect(statements[1].location == loc(3, 1))
    }
}

@Suite("SQLParser: values and templates")
struct ValueTests {
    private func value(_ literal: String, variables: [String: String] = [:]) throws -> SQLValue {
        let statement = try parseOne(
            "SELECT * FROM awscc.imagebuilder.images WHERE Identifier = \(literal)", variables: variables)
        return try #require(statement.whereValue("Identifier"))
    }

    @Test("a template inside a literal: resolved, unresolved, or partial")
    func templatesInLiterals() throws {
        let arn = "'arn:aws:imagebuilder:us-east-1:{{ account }}:image/x/1.0.0/1'"
        #expect(
            try value(arn).value.parts == [
                .literal("arn:aws:imagebuilder:us-east-1:"), .unknown("account"), .literal(":image/x/1.0.0/1"),
            ])
        #expect(try value(arn).description == "arn:aws:imagebuilder:us-east-1:{{ account }}:image/x/1.0.0/1")
        #expect(
            try value(arn, variables: ["account": "111122223333"]).value.parts == [
                .literal("arn:aws:imagebuilder:us-east-1:111122223333:image/x/1.0.0/1")
            ])
        #expect(try value("'{{ region }}'").value.parts == [.unknown("region")])
        #expect(try value("'{{region}}'", variables: ["region": "us-east-1"]).value.knownText == "us-east-1")
        #expect(try value("'{{ a }}{{ b }}'", variables: ["b": "2"]).value.parts == [.unknown("a"), .literal("2")])
    }

    @Test("bare templates, dotted and indexed names, whitespace control")
    func bareTemplates() throws {
        #expect(try value("{{ region }}").value.parts == [.unknown("region")])
        #expect(try value("{{ region }}", variables: ["region": "us-east-1"]).value.knownText == "us-east-1")
        #expect(
            try value("'{{ vars.AWS_REGION }}'", variables: ["vars.AWS_REGION": "eu-west-1"]).value.knownText
                == "eu-west-1")
        #expect(
            try value("'{{ ContainerTags[0] }}'", variables: ["ContainerTags[0]": "latest"]).value.knownText == "latest"
        )
        #expect(try value("'{{- region -}}'", variables: ["region": "ap-south-1"]).value.knownText == "ap-south-1")
        #expect(try value("'{{ uuid() }}'").value.parts == [.unknown("uuid()")])
    }

    @Test("a template may hold quotes and braces of its own inside a literal")
    func templateWithQuotes() throws {
        let parsed = try value(#"'{{ {"a": {"b": 'it'}} | tojson }}'"#)
        #expect(parsed.value.parts == [.unknown(#"{"a": {"b": 'it'}} | tojson"#)])
    }

    @Test("escapes: doubled quotes in both kinds of literal; backslashes kept as written")
    func escapes() throws {
        #expect(try value("'it''s'").value.knownText == "it's")
        #expect(try value(#""say ""hi""""#).value.knownText == #"say "hi""#)
        #expect(try value(#"'{"a":"x\"y"}'"#).value.knownText == #"{"a":"x\"y"}"#)
        #expect(try value("''").value.parts == [.literal("")])
    }

    @Test(
        "numbers, negative numbers, true, false and null",
        arguments: [
            ("42", "42"), ("-7", "-7"), ("3.5e2", "3.5e2"), ("TRUE", "true"), ("false", "false"), ("Null", "null"),
        ])
    func scalars(written: String, expected: String) throws {
        #expect(try value(written).value.knownText == expected)
    }

    @Test("string(…) and json(…) wrappers unwrap to their literal, at the literal's location")
    func wrappers() throws {
        let statement = try parseOne(
            """
            UPDATE awscc.imagebuilder.images SET PatchDocument = String('[{"op":"add"}]'), RoleArn = json('r')
            WHERE region = string('us-east-1') AND Identifier = string({{ id }})
            """)
        #expect(statement.assignedValue("PatchDocument") == SQLValue(literal: #"[{"op":"add"}]"#, location: loc(1, 61)))
        #expect(statement.assignedValue("RoleArn")?.value.knownText == "r")
        #expect(statement.whereValue("region")?.value.knownText == "us-east-1")
        #expect(statement.whereValue("Identifier")?.value.parts == [.unknown("id")])
        #expect(statement.assignmentColumnLocations == [loc(1, 38), loc(1, 80)])
    }
}

@Suite("SQLParser: statement shapes")
struct StatementShapeTests {
    @Test("keywords are case-insensitive; the table is lowercased; columns keep their spelling")
    func caseInsensitive() throws {
        let statement = try parseOne(
            "select * From AWSCC.ImageBuilder.Images wHeRe REGION = 'x' and identifier = 'y'")
        #expect(statement.verb == .select)
        #expect(statement.table == "awscc.imagebuilder.images")
        #expect(statement.whereEquals.map(\.column) == ["REGION", "identifier"])
        #expect(statement.whereValue("Identifier")?.value.knownText == "y")
        #expect(statement.selectColumns == ["*"])
    }

    @Test("select expressions: calls, JSON operators, aliases with and without AS, backquotes")
    func selectExpressions() throws {
        let statement = try parseOne(
            """
            SELECT JSON_EXTRACT(Properties, '$.Arn') AS arn, properties->>'$.Name' name, `region`,
              json_extract_path_text(Properties, 'Tags') as "tags", -1 + 2 AS n
            FROM awscc.imagebuilder.images WHERE region = 'x' AND Identifier = 'y'
            """)
        #expect(
            statement.selectColumns == [
                "JSON_EXTRACT(Properties, '$.Arn') AS arn", "properties->>'$.Name' name", "`region`",
                #"json_extract_path_text(Properties, 'Tags') as "tags""#, "-1 + 2 AS n",
            ])
    }

    @Test("WHERE may be parenthesized, as a whole or per comparison")
    func parenthesizedWhere() throws {
        for condition in ["(region = 'x' AND Identifier = 'y')", "((region = 'x') AND (Identifier = 'y'))"] {
            let statement = try parseOne("DELETE FROM awscc.imagebuilder.images WHERE \(condition)")
            #expect(statement.whereEquals.map(\.column) == ["region", "Identifier"])
        }
    }

    @Test("INSERT … VALUES keeps the first row and counts the rows; IGNORE and a missing INTO are accepted")
    func insertValues() throws {
        let statement = try parseOne(
            "INSERT IGNORE awscc.imagebuilder.images (region, Name) VALUES ('us-east-1', 'a'), ('us-west-2', 'b')")
        #expect(statement.insertColumns == ["region", "Name"])
        #expect(statement.insertValues.map(\.value.knownText) == ["us-east-1", "a"])
        #expect(statement.valueRowCount == 2)
        #expect(statement.insertColumnLocations == [loc(1, 42), loc(1, 50)])
    }

    @Test("RETURNING on INSERT, UPDATE and DELETE")
    func returning() throws {
        let statements = try parse(
            """
            INSERT INTO awscc.imagebuilder.images (region) SELECT 'x' RETURNING Identifier, RequestToken;
            UPDATE awscc.imagebuilder.images SET PatchDocument = '[]' WHERE region = 'x' AND Identifier = 'y' RETURNING *;
            DELETE FROM awscc.imagebuilder.images WHERE region = 'x' AND Identifier = 'y' RETURNING OperationStatus AS status
            """)
        #expect(statements.map(\.returning) == [["Identifier", "RequestToken"], ["*"], ["OperationStatus AS status"]])
    }

    @Test("the source text excludes the trailing ; and the anchor but keeps inner comments")
    func text() throws {
        let statement = try parseOne(
            "/*+ delete */ DELETE FROM awscc.imagebuilder.images -- why\nWHERE region = 'x' AND Identifier = 'y' ;")
        #expect(
            statement.text == "DELETE FROM awscc.imagebuilder.images -- why\nWHERE region = 'x' AND Identifier = 'y'")
    }
}
