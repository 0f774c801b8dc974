/// What `iamgate catalog list` shows: each resource of the catalog with its CloudFormation type, identifier, methods
/// and tables. Data only: IAMGateKit fills it from a catalog (`init(catalog:)`); `CatalogListText` and
/// `CatalogListJSON` render it.
public struct CatalogListing: Sendable, Hashable {
    /// One resource of the catalog.
    public struct Resource: Sendable, Hashable {
        public var id: String
        public var cloudFormationType: String
        /// The property that identifies one resource (Cloud Control's identifier).
        public var identifier: String
        /// The method names, in catalog order.
        public var methods: [String]
        /// The resource's own table, then its list view when it has one, unqualified.
        public var tables: [String]
        /// The qualified tables its methods use, each once, in method order.
        public var methodTables: [String]
        /// The documentation page the resource was imported from.
        public var page: String

        public init(
            id: String, cloudFormationType: String, identifier: String, methods: [String], tables: [String],
            methodTables: [String], page: String
        ) {
            self.id = id
            self.cloudFormationType = cloudFormationType
            self.identifier = identifier
            self.methods = methods
            self.tables = tables
            self.methodTables = methodTables
            self.page = page
        }
    }

    public var resources: [Resource]

    public init(resources: [Resource]) {
        self.resources = resources
    }
}
