"""Photo check and safe fix for the graduation photo (../shared/spec/photo.md)."""
