package garbage

import "strings"

// Category is one of the four household waste categories, by its national
// name. The zero value means "not known".
type Category string

// The four categories of the national standard (GB/T 19095-2019). Shanghai
// calls Kitchen 湿垃圾 and Residual 干垃圾; Reply shows both names there.
const (
	Unknown    Category = ""
	Recyclable Category = "可回收物"
	Hazardous  Category = "有害垃圾"
	Kitchen    Category = "厨余垃圾"
	Residual   Category = "其他垃圾"
)

// Categories lists the four categories in the order the standard gives them.
func Categories() []Category { return []Category{Recyclable, Hazardous, Kitchen, Residual} }

// Shanghai is the city whose regulation renames two categories; community
// configs name it to get 湿垃圾/干垃圾 in replies.
const Shanghai = "上海"

// categorySynonyms maps the labels people and data files use to the national
// names. Keys are compared after normalisation (half-width, no spaces).
var categorySynonyms = map[string]Category{
	"可回收物": Recyclable, "可回收": Recyclable, "可回收垃圾": Recyclable, "可回收物品": Recyclable,
	"回收物": Recyclable, "recyclable": Recyclable, "电器电子产品": Recyclable,
	"有害垃圾": Hazardous, "有害": Hazardous, "有毒垃圾": Hazardous, "有毒有害垃圾": Hazardous, "hazardous": Hazardous,
	"厨余垃圾": Kitchen, "厨余": Kitchen, "湿垃圾": Kitchen, "餐厨垃圾": Kitchen, "易腐垃圾": Kitchen,
	"易腐烂垃圾": Kitchen, "家庭厨余垃圾": Kitchen, "kitchen": Kitchen, "food": Kitchen,
	"其他垃圾": Residual, "其它垃圾": Residual, "其他": Residual, "其它": Residual, "干垃圾": Residual,
	"residual": Residual, "other": Residual,
}

// ParseCategory reads a category label as residents and data files write it
// (湿垃圾, 干垃圾, 可回收垃圾…) and returns the national category.
func ParseCategory(s string) (Category, bool) {
	k := strings.ToLower(strings.Join(strings.Fields(toHalfWidth(s)), ""))
	c, ok := categorySynonyms[k]
	return c, ok
}

// Name is the category as residents of city know it: 湿垃圾/干垃圾 in
// Shanghai, the national name elsewhere.
func (c Category) Name(city string) string {
	if isShanghai(city) {
		switch c {
		case Kitchen:
			return "湿垃圾"
		case Residual:
			return "干垃圾"
		}
	}
	return string(c)
}

// Label is the category with the local name in brackets where the city has
// one ("厨余垃圾（湿垃圾）"), so a newcomer and an old resident both
// recognise it.
func (c Category) Label(city string) string {
	if n := c.Name(city); n != string(c) {
		return string(c) + "（" + n + "）"
	}
	return string(c)
}

// Bin is the colour of the bin, as the national standard marks it and as
// the bins on the street are painted.
func (c Category) Bin(city string) string {
	switch c {
	case Recyclable:
		return "蓝色"
	case Hazardous:
		return "红色"
	case Kitchen:
		if isShanghai(city) {
			return "棕色"
		}
		return "绿色"
	case Residual:
		if isShanghai(city) {
			return "黑色"
		}
		return "灰色"
	}
	return ""
}

// Tip is the one piece of advice that matters most when putting things of
// this category out.
func (c Category) Tip(city string) string {
	switch c {
	case Recyclable:
		return "请保持干净干燥，瓶罐清空、纸箱压扁后投放；被油污严重弄脏的就不能回收了"
	case Hazardous:
		return "请轻放，保持完整不破损，灯管、药品连包装一起投放"
	case Kitchen:
		return "请沥干水分后投放，装垃圾的塑料袋另扔到" + Residual.Name(city)
	case Residual:
		return "请尽量沥干水分，装袋后投放"
	}
	return ""
}

func isShanghai(city string) bool { return strings.Contains(city, Shanghai) }
