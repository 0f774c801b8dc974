import Catalog

/// `iamgate actions`: for each method of a resource, how SQL reaches it, the Cloud Control call StackQL makes and the
/// IAM permissions its handler documents, each with the resource types and ARN templates the service reference
/// knows for it. Data only: IAMGateKit fills it from the catalog and the service reference (`describe`), so this
/// module needs no service reference; `text(style:)` and `json` render it.
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

        public init(action: String, known: Bool, wildcardOnly: Bool, resourceTypes: [ResourceType]) {
            self.action = action
            self.known = known
            self.wildcardOnly = wildcardOnly
            self.resourceTypes = resourceTypes
        }
    }

    /// A resource type an action can be scoped to.
    public struct ResourceType: Sendable, Hashable {
        public var name: String
        /// The ARN template, or nil when the service defines no such resource type.
        public var arnTemplate: String?
        /// Whether the request always involves a resource of this type.
        public var required: Bool

        public init(name: String, arnTemplate: String?, required: Bool) {
            self.name = name
            self.arnTemplate = arnTemplate
            self.required = required
        }
    }

    /// One method of the resource.
    public struct Operation: Sendable {
        public var method: ResourceMethod
        /// The qualified table, e.g. `awscc.imagebuilder.images_list_only`.
        public var table: String
        public var permissions: [Permission]

        public init(method: ResourceMethod, table: String, permissions: [Permission]) {
            self.method = method
            self.table = table
            self.permissions = permissions
        }
    }

    public var resource: ResourceDefinition
    public var operations: [Operation]

    public init(resource: ResourceDefinition, operations: [Operation]) {
        self.resource = resource
        self.operations = operations
    }
}
