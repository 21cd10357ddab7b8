//! The six functions of the C maths library that skua's dependencies call (tokio's scheduler
//! statistics, picture scaling, BlurHash, the editor's line numbers, the demo's pictures),
//! given to the executable from the `libm` crate (Rust, from musl's) so that the system's
//! libm is not loaded at all: a library fewer to map and relocate at every start, and about
//! 250 KB less peak memory. Part of the executable only (`main.rs`); a dependency that calls
//! another of libm's functions brings the system's library back, which costs only that memory.

#[unsafe(no_mangle)]
extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

#[unsafe(no_mangle)]
extern "C" fn log10(x: f64) -> f64 {
    libm::log10(x)
}

#[unsafe(no_mangle)]
extern "C" fn expf(x: f32) -> f32 {
    libm::expf(x)
}

#[unsafe(no_mangle)]
extern "C" fn sinf(x: f32) -> f32 {
    libm::sinf(x)
}

#[unsafe(no_mangle)]
extern "C" fn cosf(x: f32) -> f32 {
    libm::cosf(x)
}

#[unsafe(no_mangle)]
extern "C" fn hypotf(x: f32, y: f32) -> f32 {
    libm::hypotf(x, y)
}
