import Catalog
import JSON
import ServiceReference

/// `iamgate actions`: for each method of a resource, how SQL reaches it, the Cloud Control call StackQL makes and the
/// IAM permissions its handler documents, each with the resource types and ARN templates the service reference
/// knows for it.
public struct ActionsReport: Sendable {
    /// One permission of a handler as the service reference describes it.
    public struct Permission: Sendable, Hashable {
        /// The action as the page writes it, e.g. `imagebuilder:GetImage`.
        public var action: String
        /// False when the service reference has no such action (the page may name one AWS does not authorize).
        public var known: Bool
        /// True when the action supports no resource types, so only `"Resource": "*"` grants it.
        public var wildcardOnly: Bool
        public var resourceTypes: [ResourceType]
    }

    /// A resource type an action can be scoped to.
    public struct ResourceType: Sendable, Hashable {
        public var name: String
        /// The ARN template, or nil when the service defines no such resource type.
        public var arnTemplate: String?
        /// Whether the request always involves a resource of this type.
        public var required: Bool

        /// `image (required)` or `image`.
        var label: String { required ? "\(name) (required)" : name }
    }

    /// One method of the resource.
    public struct Operation: Sendable {
        public var method: ResourceMethod
        /// The qualified table, e.g. `awscc.imagebuilder.images_list_only`.
        public var table: String
        public var permissions: [Permission]
    }

    public var resource: ResourceDefinition
    public var operations: [Operation]

    /// The report for `resourceName` (a resource id or a qualified table; default `awscc.imagebuilder.images`),
    /// limited to `operation` when given. A table narrows the report to the methods that use it. An unknown
    /// resource or operation is an ``InputError`` listing the valid choices.
    public static func describe(
        catalog: Catalog, resource resourceName: String?, operation: String?, reference: ServiceReference = .shared
    ) throws(InputError) -> ActionsReport {
        let name = resourceName ?? "awscc.imagebuilder.images"
        let resource: ResourceDefinition
        var methods: [ResourceMethod]
        if let found = catalog.resource(id: name) {
            resource = found
            methods = found.methods
        } else if let table = catalog.resource(table: name) {
            resource = table.resource
            methods = table.methods
        } else {
            throw InputError(
                "unknown resource '\(name)' (choose one of \(catalog.resources.map(\.id).joined(separator: ", ")))")
        }
        if let operation {
            guard let method = methods.first(where: { $0.name == operation }) else {
                throw InputError(
                    "unknown operation '\(operation)' for \(resource.id) (choose one of "
                        + "\(methods.map(\.name).joined(separator: ", ")))")
            }
            methods = [method]
        }
        let operations = methods.map { method in
            Operation(
                method: method, table: "\(resource.provider).\(resource.service).\(method.table)",
                permissions: method.permissions.map { permission(named: $0, reference: reference) })
        }
        return ActionsReport(resource: resource, operations: operations)
    }

    static func permission(named action: String, reference: ServiceReference) -> Permission {
        guard let info = reference.action(action) else {
            return Permission(action: action, known: false, wildcardOnly: false, resourceTypes: [])
        }
        let types = info.resourceTypes.map { type in
            ResourceType(
                name: type.name, arnTemplate: reference.resourceType(type.name, in: info.service)?.arnTemplate,
                required: type.required)
        }
        return Permission(action: action, known: true, wildcardOnly: info.isWildcardOnly, resourceTypes: types)
    }

    // MARK: Output

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

    /// A readable list: per method, the SQL that reaches it, its required params, the Cloud Control call and
    /// the handler's permissions in columns (action, resource type, ARN template).
    public func text(style: Style) -> String {
        var output = style.bold(resource.id) + " — \(resource.cloudFormationType), identifier \(resource.identifier)\n"
        let permissions = operations.flatMap(\.permissions)
        let actionWidth = permissions.map(\.action.count).max() ?? 0
        let typeWidth = permissions.flatMap(\.resourceTypes).map(\.label.count).max() ?? 0
        for operation in operations {
            let method = operation.method
            output +=
                "\n" + style.bold(method.name) + "  " + Self.sql(verb: method.sqlVerb, table: operation.table) + "\n"
            output +=
                "  required params  \(method.requiredParams.isEmpty ? "none" : method.requiredParams.joined(separator: ", "))\n"
            var call = method.cloudControl.action
            if !method.cloudControl.followUpActions.isEmpty {
                call += ", then " + method.cloudControl.followUpActions.joined(separator: ", ")
            }
            output += "  cloud control    \(call)\n"
            let count = method.permissions.count
            output += "  permissions      \(count) from the \(method.handler) handler\n"
            for permission in operation.permissions {
                output += Self.lines(for: permission, actionWidth: actionWidth, typeWidth: typeWidth, style: style)
            }
        }
        return output
    }

    static func sql(verb: String, table: String) -> String {
        switch verb {
        case "SELECT": return "SELECT … FROM \(table)"
        case "DELETE": return "DELETE FROM \(table)"
        case "INSERT": return "INSERT INTO \(table)"
        default: return "\(verb) \(table)"
        }
    }

    static func lines(for permission: Permission, actionWidth: Int, typeWidth: Int, style: Style) -> String {
        let action = "    " + CatalogCommands.pad(permission.action, actionWidth) + "  "
        guard permission.known else {
            return action + style.yellow("? unknown to the service reference") + "\n"
        }
        guard !permission.wildcardOnly else {
            return action + "*  " + style.dim("wildcard-only: only \"Resource\": \"*\" grants it") + "\n"
        }
        let blank = String(repeating: " ", count: action.count)
        var output = ""
        for (index, type) in permission.resourceTypes.enumerated() {
            output +=
                (index == 0 ? action : blank) + CatalogCommands.pad(type.label, typeWidth) + "  "
                + style.dim(type.arnTemplate ?? "(no ARN template in the service reference)") + "\n"
        }
        return output
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
