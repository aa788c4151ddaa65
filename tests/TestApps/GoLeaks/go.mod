module goleaks

go 1.19
