#ifndef IAMGATE_BUNDLED_DATA_H
#define IAMGATE_BUNDLED_DATA_H

/// One file compiled into the binary: its bundled path (`catalog/awscc.imagebuilder.images.json`,
/// `service-reference/imagebuilder.json`) and its bytes. `bytes[length]` is a 0 byte that `length` does not count.
typedef struct iamgate_bundled_file {
    const char *path;
    const unsigned char *bytes;
    unsigned long length;
} iamgate_bundled_file;

/// Every bundled file, sorted by path (bytewise); `*count` receives how many.
const iamgate_bundled_file *iamgate_bundled_files(unsigned long *count);

/// The commit the binary was built from, as `make` stamped it (`git describe --always --dirty --abbrev=40`), or
/// an empty string when it was built without the stamp (plain `swift build`, or outside a git checkout).
const char *iamgate_build_commit(void);

#endif
