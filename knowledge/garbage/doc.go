// Package garbage answers "what bin does this go in?": the four household
// waste categories of the national standard (with Shanghai's own names),
// a built-in list of everyday items written by us, items imported from TSV,
// and a classifier that turns a resident's question ("喝完的奶茶杯怎么扔")
// into a category, a bin and one tip, and says so when it is not sure.
//
// The package knows no chat and no SQL: workflows/faq calls the Classifier,
// storage/sqlite implements Store, cmd/linli wires them (Load at start,
// Import for `linli kb import items.tsv`, Evaluate for `linli eval garbage`).
//
// # Classifying
//
// Normalize reduces the question to the item (question words, 的/了,
// quantities, state adjectives such as 用过的/坏掉的/过期的, full-width
// characters and punctuation go). Then, from most to least certain: the
// exact item (also without a glued 废/旧/破 or a trailing 子); a known item
// that ends the question and covers most of it, the head noun of a Chinese
// compound; a vote of the seven nearest known names by spelling (shared
// bigrams and characters, above all a shared ending); and where the vote is
// weak, a naive Bayes model of how endings, characters and bigrams sort
// (…药, …皮, 塑料…). Answers below SureConfidence are replied to as "not
// sure, maybe …, close items are …"; a question with no usable evidence
// gets "I don't know this item".
//
// # Counting in the evaluation
//
// The public item list (../shared/data/garbage_items.tsv, used only by
// tests) merges seven scraped sources, mostly Shanghai 2019, and 102 of its
// items get more than one category. On import the majority label wins (the
// first seen on a tie). In the leave-out check an item whose sources
// disagree counts as right when the answer is any label a source gives;
// the figure with the majority label only is printed alongside. Items are
// counted once each (distinct names after Normalize), whatever the number
// of rows or city variants, and held-out names are removed from the
// built-in list too, so nothing leaks.
package garbage
