//! Rust's allocations go to mimalloc (see the `#[global_allocator]` in `lib.rs` for why), through
//! its plain entry points whenever they give the alignment asked for. The `mimalloc` crate's own
//! allocator calls the aligned ones (`mi_malloc_aligned`) for every allocation, which check the
//! alignment on each call before taking the same fast path: in a 1,000-table PostgreSQL
//! generation (about 440,000 allocations, callgrind), that was ~8% of all instructions.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every block of `mi_malloc` has, whatever its size (mimalloc's
/// `MI_MAX_ALIGN_SIZE`: blocks of 16 bytes or more are 16-aligned, smaller ones 8-aligned — and
/// a Rust layout's size is a multiple of its alignment, so a layout of align ≤ 16 and size ≥
/// align always fits).
const PLAIN_ALIGN: usize = 16;

/// Whether `mi_malloc` of `size` bytes is aligned enough for `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// mimalloc, through `mi_malloc`/`mi_zalloc`/`mi_realloc` when they align enough, else the
/// aligned variants.
pub struct Mimalloc;

// SAFETY: every block comes from mimalloc with at least the layout's size and alignment
// (`plain` decides when the plain entry points give it), and goes back with `mi_free`, which
// takes blocks of either kind.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size and alignment a Rust program may ask for comes back aligned, usable, zeroed
    /// when asked, and keeps its bytes when grown or shrunk.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 15, 16, 17, 24, 100, 4096, 70_000, 1 << 21] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                let layout = layout.pad_to_align();
                unsafe {
                    let p = a.alloc_zeroed(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    assert!((0..layout.size()).all(|i| *p.add(i) == 0));
                    a.dealloc(p, layout);
                    // Grown, then shrunk (never below the alignment: sizes are multiples of it).
                    for new_size in [layout.size() * 3, (layout.size() / 2).max(align)] {
                        let p = a.alloc(layout);
                        assert_eq!(p as usize % align, 0, "size {size} align {align}");
                        for i in 0..layout.size() {
                            *p.add(i) = i as u8;
                        }
                        let q = a.realloc(p, layout, new_size);
                        assert_eq!(q as usize % align, 0, "{size} -> {new_size}, align {align}");
                        let kept = new_size.min(layout.size());
                        assert!((0..kept).all(|i| *q.add(i) == i as u8));
                        a.dealloc(q, Layout::from_size_align(new_size, align).unwrap());
                    }
                }
            }
        }
    }
}
