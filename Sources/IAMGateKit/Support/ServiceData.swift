import ServiceReference

/// Whether the service reference (built in, or the directory in `IAMGATE_SERVICE_REFERENCE_DIR`) can be read.
public enum ServiceData {
    /// One sentence when the service reference cannot be read, `nil` when it is there.
    public static var problem: String? {
        let reference = ServiceReference.shared
        guard !reference.isAvailable else { return nil }
        return "the AWS service reference data is missing: '\(reference.location)' holds no _global.json; "
            + "point \(ServiceReference.directoryEnvironmentVariable) at a folder of service files, or unset it to "
            + "use the data built into iamgate"
    }
}
