{{{contractJson}}}
