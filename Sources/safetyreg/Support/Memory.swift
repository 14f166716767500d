/// glibc's mallopt(3), from <malloc.h>, which Swift's Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

enum Memory {
  // mallopt(3) parameters (glibc's <malloc.h>).
  private static let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
  private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD

  /// The checks allocate and free planes of a few megabytes per image. Above glibc's mmap
  /// threshold each would come fresh from the kernel (a page fault per 4 KB: a quarter of
  /// the time of a check); kept in the heap, they are reused from one image to the next.
  static func keepLargeBlocksInTheHeap() {
    _ = glibcMallopt(mmapThreshold, 64 << 20)
    _ = glibcMallopt(trimThreshold, 256 << 20)
  }
}
