module example.com/notes

go 1.22

require github.com/unrolled/render v1.6.0
