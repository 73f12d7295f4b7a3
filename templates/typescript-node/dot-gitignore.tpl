node_modules/
dist/
.specforge/
