/// One StackQL resource as its provider documentation page describes it: identity, the methods that reach it
/// (with the SQL verb and table of each), the IAM permissions its CloudFormation handlers need, and the Cloud
/// Control call StackQL makes for each method. Written to `policies/catalog/<id>.json` by the importer.
public struct ResourceDefinition: Codable, Sendable, Hashable {
    /// `awscc.imagebuilder.images`.
    public var id: String
    /// `awscc`.
    public var provider: String
    /// `imagebuilder`.
    public var service: String
    /// `images`.
    public var name: String
    /// The read-only view that lists identifiers, e.g. `images_list_only`.
    public var listView: String?
    /// The CloudFormation resource type, e.g. `AWS::ImageBuilder::Image` (from the Overview's description).
    public var cloudFormationType: String
    /// The page's one-line description.
    public var summary: String
    /// The primary identifier property, e.g. `Arn` (the `<Arn>` placeholder of the get example).
    public var identifier: String
    /// The properties an `INSERT` may set (PascalCase), in the page's order, without `region`.
    public var properties: [String]
    /// The methods in a fixed order: get, list, create, update, delete (those the page has).
    public var methods: [ResourceMethod]
    /// The top-level fields a `SELECT` on the resource returns (the page's "get" field table), in the page's order:
    /// how StackQL names each column, the property it reads and its JSON type. `exec` types `INSERT` values and names
    /// `SELECT` columns with them.
    public var fields: [ResourceField]
    /// The page the definition was imported from (file name only) and its fingerprint, for provenance.
    public var source: ImportSource

    public init(
        id: String, provider: String, service: String, name: String, listView: String?, cloudFormationType: String,
        summary: String, identifier: String, properties: [String], methods: [ResourceMethod],
        fields: [ResourceField] = [], source: ImportSource
    ) {
        self.id = id
        self.provider = provider
        self.service = service
        self.name = name
        self.listView = listView
        self.cloudFormationType = cloudFormationType
        self.summary = summary
        self.identifier = identifier
        self.properties = properties
        self.methods = methods
        self.fields = fields
        self.source = source
    }

    /// The method named `name` (`get_resource`…).
    public func method(_ name: String) -> ResourceMethod? {
        methods.first { $0.name == name }
    }
}

/// One top-level field of a resource: the column StackQL names (`image_tests_configuration`), the CloudFormation
/// property it reads (`ImageTestsConfiguration`) and the JSON type the page gives (`string`, `boolean`, `integer`,
/// `number`, `object`, `array`).
public struct ResourceField: Codable, Sendable, Hashable {
    public var column: String
    public var property: String
    public var type: String

    public init(column: String, property: String, type: String) {
        self.column = column
        self.property = property
        self.type = type
    }
}

/// Where a definition came from.
public struct ImportSource: Codable, Sendable, Hashable {
    /// The page's file name, e.g. `awscc.imagebuilder.images.md`.
    public var page: String
    /// FNV-1a 64-bit of the page bytes, 16 lowercase hex digits, to notice a changed page — not a security hash.
    public var fingerprint: String

    public init(page: String, fingerprint: String) {
        self.page = page
        self.fingerprint = fingerprint
    }

    /// The former spelling, kept so code written against it still compiles; the value is stored as the fingerprint.
    @available(*, deprecated, renamed: "init(page:fingerprint:)")
    public init(page: String, sha256: String) {
        self.init(page: page, fingerprint: sha256)
    }
}

/// One method of a resource: how SQL reaches it and what it needs.
public struct ResourceMethod: Codable, Sendable, Hashable {
    /// `get_resource`, `list_resources`, `create_resource`, `update_resource`, `delete_resource`.
    public var name: String
    /// The table a statement names to reach the method: `images` or `images_list_only`.
    public var table: String
    /// `SELECT`, `INSERT`, `UPDATE`, `DELETE`.
    public var sqlVerb: String
    /// The Methods table's required params, e.g. `["Identifier", "region"]`.
    public var requiredParams: [String]
    /// The CloudFormation handler whose permissions apply: `read`, `list`, `create`, `update`, `delete`.
    public var handler: String
    /// The handler's documented IAM permissions, as the Permissions tab lists them.
    public var permissions: [String]
    /// The Cloud Control API call StackQL makes for the method.
    public var cloudControl: CloudControlCall

    public init(
        name: String, table: String, sqlVerb: String, requiredParams: [String], handler: String,
        permissions: [String], cloudControl: CloudControlCall
    ) {
        self.name = name
        self.table = table
        self.sqlVerb = sqlVerb
        self.requiredParams = requiredParams
        self.handler = handler
        self.permissions = permissions
        self.cloudControl = cloudControl
    }
}

/// The Cloud Control API operation behind a method, and the IAM action it is authorized as
/// (`stackql-and-imagebuilder.md` §0: every awscc statement runs through Cloud Control).
public struct CloudControlCall: Codable, Sendable, Hashable {
    /// `GetResource`, `ListResources`, `CreateResource`, `UpdateResource`, `DeleteResource`.
    public var operation: String
    /// `cloudformation:GetResource`…
    public var action: String
    /// Actions needed to follow the call to completion: `cloudformation:GetResourceRequestStatus` for mutations.
    public var followUpActions: [String]

    public init(operation: String, action: String, followUpActions: [String]) {
        self.operation = operation
        self.action = action
        self.followUpActions = followUpActions
    }

    /// The call for a method name (the five StackQL methods), or `nil` for any other name.
    public static func forMethod(_ name: String) -> CloudControlCall? {
        let operation: String
        switch name {
        case "get_resource": operation = "GetResource"
        case "list_resources": operation = "ListResources"
        case "create_resource": operation = "CreateResource"
        case "update_resource": operation = "UpdateResource"
        case "delete_resource": operation = "DeleteResource"
        default: return nil
        }
        let mutates = name == "create_resource" || name == "update_resource" || name == "delete_resource"
        return CloudControlCall(
            operation: operation, action: "cloudformation:\(operation)",
            followUpActions: mutates ? ["cloudformation:GetResourceRequestStatus"] : [])
    }
}

/// The handler whose permission tab applies to a method.
public func handlerName(forMethod name: String) -> String? {
    switch name {
    case "get_resource": return "read"
    case "list_resources": return "list"
    case "create_resource": return "create"
    case "update_resource": return "update"
    case "delete_resource": return "delete"
    default: return nil
    }
}

/// The five StackQL methods in report order.
public let standardMethodOrder = [
    "get_resource", "list_resources", "create_resource", "update_resource", "delete_resource",
]
