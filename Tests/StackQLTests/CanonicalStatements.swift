/// The statements the documentation itself gives for `awscc.imagebuilder.images`: the seed page's examples
/// (verbatim) and the notes' "Canonical images statements" (`stackql-and-imagebuilder.md` §2).
enum CanonicalStatements {
    static let seedGet = """
        SELECT
        region,
        image_scanning_configuration,
        container_recipe_arn,
        workflows,
        image_uri,
        name,
        infrastructure_configuration_arn,
        image_recipe_arn,
        distribution_configuration_arn,
        image_id,
        image_tests_configuration,
        arn,
        enhanced_image_metadata_enabled,
        execution_role,
        tags
        FROM awscc.imagebuilder.images
        WHERE region = 'us-east-1' AND Identifier = '<Arn>';
        """

    static let seedList = """
        SELECT
        region,
        arn
        FROM awscc.imagebuilder.images_list_only
        WHERE region = 'us-east-1';
        """

    /// The "Required Properties" tab (the "All Properties" tab differs only in indentation).
    static let seedInsert = """
        /*+ create */
        INSERT INTO awscc.imagebuilder.images (
         ImageScanningConfiguration,
         ContainerRecipeArn,
         Workflows,
         InfrastructureConfigurationArn,
         ImageRecipeArn,
         DistributionConfigurationArn,
         ImageTestsConfiguration,
         EnhancedImageMetadataEnabled,
         ExecutionRole,
         Tags,
         region
        )
        SELECT 
        '{{ ImageScanningConfiguration }}',
         '{{ ContainerRecipeArn }}',
         '{{ Workflows }}',
         '{{ InfrastructureConfigurationArn }}',
         '{{ ImageRecipeArn }}',
         '{{ DistributionConfigurationArn }}',
         '{{ ImageTestsConfiguration }}',
         '{{ EnhancedImageMetadataEnabled }}',
         '{{ ExecutionRole }}',
         '{{ Tags }}',
        '{{ region }}';
        """

    static let seedInsertAll = """
        /*+ create */
        INSERT INTO awscc.imagebuilder.images (
         ImageScanningConfiguration,
         ContainerRecipeArn,
         Workflows,
         InfrastructureConfigurationArn,
         ImageRecipeArn,
         DistributionConfigurationArn,
         ImageTestsConfiguration,
         EnhancedImageMetadataEnabled,
         ExecutionRole,
         Tags,
         region
        )
        SELECT 
         '{{ ImageScanningConfiguration }}',
         '{{ ContainerRecipeArn }}',
         '{{ Workflows }}',
         '{{ InfrastructureConfigurationArn }}',
         '{{ ImageRecipeArn }}',
         '{{ DistributionConfigurationArn }}',
         '{{ ImageTestsConfiguration }}',
         '{{ EnhancedImageMetadataEnabled }}',
         '{{ ExecutionRole }}',
         '{{ Tags }}',
         '{{ region }}';
        """

    static let seedUpdate = """
        /*+ update */
        UPDATE awscc.imagebuilder.images
        SET PatchDocument = string('{{ {
            "ExecutionRole": execution_role,
            "Tags": tags
        } | generate_patch_document }}')
        WHERE region = '{{ region }}'
        AND Identifier = '<Arn>';
        """

    static let seedDelete = """
        /*+ delete */
        DELETE FROM awscc.imagebuilder.images
        WHERE Identifier = '<Arn>'
        AND region = 'us-east-1';
        """

    /// The notes' block as one file. The notes elide some lists with a bare `…`, which is not SQL; here those are
    /// filled in (`image_uri`, the RETURNING columns), while `'…'` string values are kept as written.
    static let notes = """
        SELECT region, arn, name, image_id, tags, image_uri FROM awscc.imagebuilder.images
        WHERE region = 'us-east-1' AND Identifier = 'arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1';
        SELECT region, arn FROM awscc.imagebuilder.images_list_only WHERE region = 'us-east-1';
        /*+ create */
        INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, InfrastructureConfigurationArn, DistributionConfigurationArn,
          ImageTestsConfiguration, ImageScanningConfiguration, Workflows, EnhancedImageMetadataEnabled, ExecutionRole, Tags, region)
        SELECT '…', '…', '…', '{"ImageTestsEnabled":true}', '…', '[…]', 'true', '…', '{"k":"v"}', 'us-east-1'
        RETURNING ErrorCode, EventTime, Identifier, Operation, OperationStatus, RequestToken, ResourceModel, RetryAfter, StatusMessage, TypeName;
        /*+ update */
        UPDATE awscc.imagebuilder.images SET PatchDocument = string('{{ {"ExecutionRole": execution_role, "Tags": tags} | generate_patch_document }}')
        WHERE region = '…' AND Identifier = '…' RETURNING OperationStatus, RequestToken;
        /*+ delete */
        DELETE FROM awscc.imagebuilder.images WHERE Identifier = '…' AND region = '…' RETURNING *;
        """

    /// The notes' first statement exactly as written, with the bare `…` the notes use for "more columns".
    static let notesGetVerbatim = """
        SELECT region, arn, name, image_id, tags, … FROM awscc.imagebuilder.images
        WHERE region = 'us-east-1' AND Identifier = 'arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1';
        """

    static let seedStatements = [seedGet, seedList, seedInsert, seedInsertAll, seedUpdate, seedDelete]
}
