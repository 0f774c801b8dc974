import JSON

extension ActionsReport {
    /// `{"resource", "cloudFormationType", "operations": [{"operation", "sqlVerb", "table", "requiredParams",
    /// "handler", "cloudControl": {"action", "followUpActions"}, "permissions": [{"action", "known",
    /// "resourceTypes": [{"name", "arnTemplate", "required"}], "wildcardOnly"}]}]}`.
    public var json: JSONOutput {
        .object([
            ("resource", .string(resource.id)),
            ("cloudFormationType", .string(resource.cloudFormationType)),
            ("operations", .array(operations.map(\.json))),
        ])
    }
}

extension ActionsReport.Operation {
    var json: JSONOutput {
        .object([
            ("operation", .string(method.name)),
            ("sqlVerb", .string(method.sqlVerb)),
            ("table", .string(table)),
            ("requiredParams", .strings(method.requiredParams)),
            ("handler", .string(method.handler)),
            (
                "cloudControl",
                .object([
                    ("action", .string(method.cloudControl.action)),
                    ("followUpActions", .strings(method.cloudControl.followUpActions)),
                ])
            ),
            ("permissions", .array(permissions.map(\.json))),
        ])
    }
}

extension ActionsReport.Permission {
    var json: JSONOutput {
        .object([
            ("action", .string(action)),
            ("known", .bool(known)),
            (
                "resourceTypes",
                .array(
                    resourceTypes.map { type in
                        .object([
                            ("name", .string(type.name)),
                            ("arnTemplate", type.arnTemplate.map(JSONOutput.string) ?? .null),
                            ("required", .bool(type.required)),
                        ])
                    })
            ),
            ("wildcardOnly", .bool(wildcardOnly)),
        ])
    }
}
