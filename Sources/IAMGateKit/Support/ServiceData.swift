import ServiceReference

/// Whether the bundled service reference can be read.
public enum ServiceData {
    /// One sentence when the service reference is missing (an installation problem), `nil` when it is there.
    public static var problem: String? {
        let reference = ServiceReference.shared
        guard !reference.isAvailable else { return nil }
        return "the AWS service reference data is missing (looked in '\(reference.directory.path)'): keep the "
            + "iamgate_ServiceReference.resources folder beside the iamgate binary, or set "
            + "\(ServiceReference.directoryEnvironmentVariable) to its services folder"
    }
}
